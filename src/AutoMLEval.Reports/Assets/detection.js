// Detection sections of the report: COCO statistics, the confidence slider (precision, recall and F1 at the selected IoU,
// looked up in the engine's sweep on the slider's grid), precision–recall curves drawn from the same sweep rows, the
// per-label table and the false and missed detections of the engine's error analysis, drawn over their images when embedded.
(function (R) {
  'use strict';
  var d = R.data.detection;
  if (!d) return;
  var el = R.el, svg = R.svg, svgBidi = R.svgBidi, fixed = R.fixed, count = R.count, plural = R.plural;
  var PAGE = 25, COLORS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000', '#999999', '#8a5f00'];
  var state = { k: d.initial, selection: 0, kind: -1, page: 0, selected: null };
  // "WrongLabelAndLocalisation" → "Wrong label and localisation": the engine's kind names as words, which wrap.
  function kindTitle(kind) { return kind.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ ([A-Z])/g, function (m, c) { return ' ' + c.toLowerCase(); }); }

  var metric = R.metric;
  function iouText(iou) { return Number(iou).toFixed(2); }
  // COCO marks an undefined value -1 (no ground truth).
  function stat(value) { return value === null || value < 0 ? '—' : fixed(value); }

  // IoU choices: 0.50, 0.75 (when evaluated), and every evaluated threshold together (.50:.95).
  var choices = [];
  d.sweeps.forEach(function (s, t) { if (Math.abs(s.iou - 0.5) < 1e-9 || Math.abs(s.iou - 0.75) < 1e-9) choices.push({ text: iouText(s.iou), sweeps: [t] }); });
  if (d.sweeps.length > 1) choices.push({ text: iouText(d.sweeps[0].iou) + ':' + iouText(d.sweeps[d.sweeps.length - 1].iou) + ' (every threshold)', sweeps: d.sweeps.map(function (_, t) { return t; }) });
  if (choices.length === 0) choices.push({ text: iouText(d.sweeps[0].iou), sweeps: [0] });
  var select = document.getElementById('iou');
  choices.forEach(function (choice, i) { select.appendChild(el('option', { value: i }, choice.text)); });

  var liveList = document.getElementById('live-metrics');
  var liveIou = metric(liveList, 'iou', 'IoU of the figures at threshold', '', true);
  var live = R.thresholdCards(liveList);
  var cocoList = document.getElementById('coco-metrics');
  d.statNames.forEach(function (name, i) { metric(cocoList, name, name, stat(d.stats[i])); });
  // What went in and what was left out: [card name, title, field of d.counts].
  var inputs = document.getElementById('input-summary');
  [['images', 'Images', 'images'], ['objects', 'Ground-truth objects', 'groundTruthObjects'], ['crowd', 'Of which crowd (ignored)', 'crowdObjects'],
    ['groundTruthSkipped', 'Ground truth skipped', 'groundTruthSkipped'], ['detections', 'Detections evaluated', 'detections'],
    ['detectionsSkipped', 'Detections skipped', 'detectionsSkipped'], ['unknownImage', '\u2026 unknown image', 'detectionsUnknownImage'],
    ['unknownCategory', '\u2026 unknown label', 'detectionsUnknownCategory'], ['invalid', '\u2026 rejected (invalid or repeated)', 'detectionsInvalid'],
    ['beyondMaxDets', '\u2026 beyond 100 per image', 'detectionsBeyondMaxDets'], ['otherSplit', '\u2026 on images of other splits', 'detectionsOtherSplit']].forEach(function (card) { metric(inputs, card[0], card[1], count(d.counts[card[2]])); });
  // The errors' images: how many were drawn from the images folder, and how many were not (and why).
  metric(inputs, 'errorImages', 'Images of the errors', d.imageCounts ? R.imageCountsText(d.imageCounts) : 'no images folder given');

  // Precision–recall: one polyline per IoU of the selection, through the sweep rows (recall, precision).
  var chart = document.getElementById('pr-chart');
  var iouTable = document.getElementById('iou-table');
  function drawCurves() {
    R.clear(chart);
    var unit = R.unitChart('pr', 'Precision against recall at IoU ' + choices[state.selection].text, 'Recall', 'Precision');
    var root = unit.root, px = unit.px, py = unit.py;
    choices[state.selection].sweeps.forEach(function (t, n) {
      var s = d.sweeps[t], color = COLORS[n % COLORS.length];
      var points = s.recall.map(function (r, k) { return px(r) + ',' + py(s.precision[k]); }).join(' ');
      root.appendChild(svg('polyline', { points: points, fill: 'none', stroke: color, 'stroke-width': 2 }, svg('title', null, 'IoU ' + iouText(s.iou))));
      root.appendChild(svg('circle', { cx: px(s.recall[state.k]), cy: py(s.precision[state.k]), r: 4, fill: color },
        svg('title', null, 'IoU ' + iouText(s.iou) + ' at ' + fixed(d.thresholds[state.k], 2) + ': precision ' + fixed(s.precision[state.k]) + ', recall ' + fixed(s.recall[state.k]))));
    });
    chart.appendChild(root);
    R.clear(iouTable);
    iouTable.appendChild(el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'IoU'), el('th', { scope: 'col' }, 'AP'),
      el('th', { scope: 'col' }, 'Precision'), el('th', { scope: 'col' }, 'Recall'), el('th', { scope: 'col' }, 'F1'))));
    var body = el('tbody');
    choices[state.selection].sweeps.forEach(function (t, n) {
      var s = d.sweeps[t];
      body.appendChild(el('tr', null, el('th', { scope: 'row' }, svg('svg', { class: 'boxes swatch-line', width: 18, height: 10, 'aria-hidden': 'true' }, svg('rect', { width: 18, height: 4, y: 3, fill: COLORS[n % COLORS.length] })), ' ' + iouText(s.iou)),
        el('td', null, stat(s.ap)), el('td', null, fixed(s.precision[state.k])), el('td', null, fixed(s.recall[state.k])), el('td', null, fixed(s.f1[state.k]))));
    });
    iouTable.appendChild(body);
  }

  // The slider: values looked up at grid index k in the first sweep of the selection.
  function update() {
    var s = d.sweeps[choices[state.selection].sweeps[0]];
    liveIou.textContent = iouText(s.iou);
    live.show(s, state.k);
    drawCurves();
  }
  R.thresholdSlider(d.thresholds, d.initial, function (t) { return fixed(t, 2); }, function (k) { state.k = k; update(); });
  select.addEventListener('change', function () {
    state.selection = Number(select.value);
    state.page = 0;
    state.selected = null;
    update();
    renderAnalysis();
  });

  // Per-label table.
  function numeric(title, key, format) {
    return { title: title, numeric: true, value: function (l) { return l[key]; }, text: function (l) { return format(l[key]); } };
  }
  R.sortableTable(document.getElementById('label-table'), [
    { title: 'Label', value: function (l) { return l.name; }, text: function (l) { return l.name; } },
    numeric('Objects', 'groundTruth', count),
    numeric('Detections', 'detections', count),
    numeric('AP', 'ap', stat),
    numeric('AP50', 'ap50', stat),
    numeric('AP75', 'ap75', stat),
    numeric('AR100', 'ar100', stat),
    numeric('Best-F1 confidence', 'bestF1Threshold', stat),
    numeric('Precision at best F1', 'precision', stat),
    numeric('Recall at best F1', 'recall', stat)
  ], 3, false).setRows(d.labels);

  // Confusion matrix: DetectionConfusion at IoU .50 and the operating confidence, as automl-eval evaluate --format json
  // writes it; a cell opens its images, each drawn with all its boxes. It does not follow the slider.
  var cm = d.confusion, cellState = { cell: null };
  var cellList = document.getElementById('confusion-images'), cellImage = document.getElementById('confusion-image');
  var cellStatus = document.getElementById('confusion-status');
  var matrixColumns = cm.other ? cm.labels.concat(['other labels']) : cm.labels;
  document.getElementById('confusion-help').textContent = (cm.other ? 'The ' + (cm.labels.length - 1) + ' labels most involved in confusions, of '
    + count(d.labels.length) + ', and background. ' : '') + 'Objects at IoU ' + iouText(cm.iou) + ' and confidence \u2265 ' + fixed(cm.confidence, 3)
    + ' (the best-F1 confidence, as automl-eval evaluate --format json counts them): rows the true label, columns the detected one. '
    + 'Each detection, by descending score, takes the free object of any label it overlaps most; one that takes none is a background row, '
    + 'an object left is a background column. Select a cell to see its images.';
  R.confusionTable(document.getElementById('confusion-table'), {
    rows: cm.labels, columns: matrixColumns, counts: cm.counts, percent: cm.percent,
    diagonal: function (r, col) { return r === col; },
    opens: function (index) { return cm.cells[index] !== null; },
    what: function (index) { return 'show its ' + plural(cm.cells[index].images, 'image'); },
    open: showCell
  });
  function cellName(index) {
    var columns = matrixColumns.length;
    return { truth: cm.labels[Math.floor(index / columns)], detected: matrixColumns[index % columns] };
  }
  function showCell(index) {
    var cell = cm.cells[index], named = cellName(index);
    cellState.cell = index;
    cellStatus.textContent = plural(cm.counts[index], 'object') + ' of true \u201c' + named.truth + '\u201d detected as \u201c' + named.detected + '\u201d in '
      + plural(cell.images, 'image') + (cell.images > cell.ids.length ? ' (the first ' + count(cell.ids.length) + ' are in this report)' : '') + '.';
    R.clear(cellList);
    cell.ids.forEach(function (id, n) {
      var image = d.images[id];
      var button = el('button', { type: 'button', 'data-image': id }, (image && image.file) || 'image ' + id);
      button.addEventListener('click', function () { drawCellImage(id); });
      cellList.appendChild(el('li', null, button));
      if (n === 0) drawCellImage(id);
    });
    cellStatus.focus();
  }
  function drawCellImage(id) {
    var named = cellName(cellState.cell), image = d.images[id];
    Array.prototype.forEach.call(cellList.querySelectorAll('button'), function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-image') === id)); });
    R.clear(cellImage);
    drawScene(cellImage, id, ((image && image.file) || 'image ' + id) + ' · true ' + named.truth + ' \u2192 ' + named.detected, null);
  }

  // False and missed detections: the engine's error analysis at the selected IoU (the every-threshold selection uses TIDE's 0.5).
  function analysis() {
    var sweeps = choices[state.selection].sweeps, iou = sweeps.length === 1 ? d.sweeps[sweeps[0]].iou : 0.5;
    return d.errorAnalyses.filter(function (a) { return Math.abs(a.iou - iou) < 1e-9; })[0] || d.errorAnalyses[0];
  }
  var countList = document.getElementById('error-counts');
  var kindSelect = document.getElementById('error-kind');
  function renderAnalysis() {
    var a = analysis();
    document.getElementById('error-help').textContent = 'The engine\u2019s error analysis (TIDE, tidecv 1.0.1) at IoU ' + iouText(a.iou)
      + (choices[state.selection].sweeps.length > 1 ? ' (TIDE\u2019s threshold, for the every-threshold selection)' : '') + ', background at or below IoU '
      + iouText(d.backgroundIou) + ': ' + plural(a.total, 'error') + (a.total > a.errors.length ? ', the first ' + count(a.errors.length) + ' listed' : '')
      + '. dAP is the AP (TIDE\u2019s, ' + fixed(a.ap, 3) + ') gained by fixing every error of that kind alone.'
      + ' Select a row to see its image with ground truth (blue) and detections (orange, dashed), each tagged with its label and score.';
    R.clear(countList);
    d.errorKinds.forEach(function (kind, i) { metric(countList, 'errors-' + kind, kindTitle(kind), count(a.counts[i]) + ' \u00b7 dAP ' + fixed(a.deltaAp[i], 3)); });
    R.clear(kindSelect);
    kindSelect.appendChild(el('option', { value: -1 }, 'All kinds'));
    d.errorKinds.forEach(function (kind, i) { kindSelect.appendChild(el('option', { value: i }, kindTitle(kind) + ' (' + count(a.counts[i]) + ')')); });
    kindSelect.value = String(state.kind);
    renderErrors();
  }
  var errorTable = document.getElementById('error-table'), prev = document.getElementById('error-prev'), next = document.getElementById('error-next');
  var imageBox = document.getElementById('error-image');

  // Mask colours (Okabe–Ito): by the error kind of the object at the selected IoU (d.errorKinds order), else as matched.
  var KIND_COLORS = ['#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#D55E00', '#000000'], MATCHED_TRUTH = '#0072B2', MATCHED_DETECTION = '#009E73';
  // A COCO compressed RLE string to its run lengths (pycocotools rleFrString).
  function rleCounts(text) {
    var counts = [], p = 0;
    while (p < text.length) {
      var x = 0, k = 0, more = true;
      while (more) {
        var c = text.charCodeAt(p) - 48;
        x |= (c & 0x1f) << (5 * k);
        more = (c & 0x20) !== 0;
        p++; k++;
        if (!more && (c & 0x10)) x |= -1 << (5 * k);
      }
      if (counts.length > 2) x += counts[counts.length - 2];
      counts.push(x);
    }
    return counts;
  }
  // A mask as translucent SVG: polygons as they are; an RLE painted column-major onto a canvas, embedded as a data: image.
  function maskNode(mask, color, title) {
    if (mask.p) {
      return svg('g', { class: 'mask' }, svg('title', null, title), mask.p.map(function (xy) {
        var points = [];
        for (var i = 0; i + 1 < xy.length; i += 2) points.push(xy[i] + ',' + xy[i + 1]);
        return svg('polygon', { points: points.join(' '), fill: color, 'fill-opacity': 0.45, stroke: color });
      }).reduce(function (g, node) { g.appendChild(node); return g; }, svg('g')));
    }
    var canvas = document.createElement('canvas');
    canvas.width = mask.w; canvas.height = mask.h;
    var context = canvas.getContext('2d'), pixels = context.createImageData(mask.w, mask.h);
    var rgb = [1, 3, 5].map(function (i) { return parseInt(color.substr(i, 2), 16); });
    var at = 0;
    rleCounts(mask.rle).forEach(function (run, r) {
      if (r % 2 === 1) {
        for (var i = at; i < at + run; i++) {
          var o = ((i % mask.h) * mask.w + Math.floor(i / mask.h)) * 4;
          pixels.data[o] = rgb[0]; pixels.data[o + 1] = rgb[1]; pixels.data[o + 2] = rgb[2]; pixels.data[o + 3] = 115;
        }
      }
      at += run;
    });
    context.putImageData(pixels, 0, 0);
    return svg('image', { class: 'mask', href: canvas.toDataURL('image/png'), x: 0, y: 0, width: mask.w, height: mask.h, preserveAspectRatio: 'none' }, svg('title', null, title));
  }

  // A segment given without a box has null coordinates: it is listed without a box and not drawn.
  function hasBox(box) { return box.every(function (v) { return v !== null; }); }
  function boxText(box) { return hasBox(box) ? box.map(function (v) { return Math.round(v * 10) / 10; }).join(', ') : '—'; }
  function errorsShown() { return analysis().errors.filter(function (e) { return state.kind < 0 || e.kind === state.kind; }); }

  // An error as its image, kind and label: the drawn image's heading, and the name of its row's button.
  function errorName(error) {
    return (error.file || 'image ' + error.image) + ' · ' + kindTitle(d.errorKinds[error.kind]) + ' · ' + error.label;
  }
  function drawImage(error) {
    R.clear(imageBox);
    if (!error) return;
    drawScene(imageBox, error.image, errorName(error), error);
  }

  // An image (by id) into box under a heading: its ground truth and detections tagged, masks coloured by their error kind
  // at the selected IoU, and the selected error (null for none) outlined with its own tag.
  function drawScene(box, imageId, heading, error) {
    var image = d.images[imageId];
    var name = (image && image.file) || 'image ' + imageId;
    box.appendChild(el('h3', null, heading));
    if (!image || image.width <= 0 || image.height <= 0) {
      box.appendChild(el('p', { class: 'help' }, 'Not drawn: ' + (image ? 'the image size is unknown.' : 'only the images of the first errors are in this report.')));
      return;
    }
    var root = svg('svg', { class: 'boxes', viewBox: '0 0 ' + image.width + ' ' + image.height, width: Math.min(640, image.width * 4), role: 'img',
      'aria-label': 'Ground truth and detections in ' + name });
    // The thumbnail is scaled to the image's pixel size, the frame the boxes are in.
    if (image.src) root.appendChild(svg('image', { href: image.src, x: 0, y: 0, width: image.width, height: image.height, preserveAspectRatio: 'none' }));
    else {
      root.appendChild(svg('rect', { x: 0, y: 0, width: image.width, height: image.height, class: 'noimage' }));
      box.appendChild(el('p', { class: 'help' }, 'No image: ' + (image.file || 'no file name') + ' (give the images folder to see it).'));
    }
    var stroke = Math.max(1, Math.max(image.width, image.height) / 300);
    var font = Math.max(8, Math.max(image.width, image.height) / 28);
    // A tag on a box [x, y, w, h]: its text on a filled band, as wide as the text once measured and placed by placeTags.
    // below: the tag would rather sit under the box than over it (detections, so a box's truth and detection tags part).
    // text: the label (isolated, so that a right-to-left one keeps its score on its right) and what follows it.
    function tag(box, label, after, kind, below) {
      var g = svg('g', { class: 'tag ' + kind }, svg('title', null, label + after), svg('rect', { height: font * 1.25 }),
        svg('text', { 'font-size': font }, svgBidi(label), after));
      g.box = box;
      g.below = below;
      g.bandWidth = (label + after).length * font * 0.58 + font * 0.5;
      return g;
    }
    // Each tag in turn (in the order given) takes the first place near its box that no tag placed before it overlaps:
    // over or under the box, outside or just inside it, left- or right-aligned, then stacked further away, always inside
    // the image. Where every place is taken (a crowded image) it takes the least overlapped one.
    function placeTags(order) {
      var placed = [], height = font * 1.25;
      function inside(value, room) { return Math.max(0, Math.min(value, room)); }
      function overlap(a, b) {
        return Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
      }
      order.forEach(function (g) {
        var b = g.box, w = g.bandWidth, over = b[1] - height, under = b[1] + b[3];
        var ys = g.below ? [under, under - height, over, b[1]] : [over, b[1], under, under - height];
        for (var n = 1; n * height <= image.height; n++) ys.push(ys[0] + n * height, ys[0] - n * height);
        var best = null, bestOverlap = Infinity;
        for (var i = 0; i < ys.length && bestOverlap > 0; i++) {
          [b[0], b[0] + b[2] - w].forEach(function (x) {
            var band = { x: inside(x, image.width - w), y: inside(ys[i], image.height - height), w: w, h: height };
            var covered = placed.reduce(function (sum, other) { return sum + overlap(band, other); }, 0);
            if (covered < bestOverlap) { best = band; bestOverlap = covered; }
          });
        }
        placed.push(best);
        var band = g.querySelector('rect'), text = g.querySelector('text');
        band.setAttribute('x', best.x);
        band.setAttribute('y', best.y);
        band.setAttribute('width', w);
        text.setAttribute('x', best.x + font * 0.25);
        text.setAttribute('y', best.y + font);
      });
    }
    var tags = svg('g', { class: 'tags' });
    // Segmentation: every object's mask, coloured by its error kind at the selected IoU (matched ones blue or green).
    var errorKinds = {}, shownKinds = {};
    // An error is its object's by label, box and score (a detection's; none for a missed object), which boxless segments need.
    function objectKey(label, box, score) { return label + '|' + box.join(',') + '|' + (score === null || score === undefined ? '' : score); }
    analysis().errors.forEach(function (x) { if (x.image === imageId) errorKinds[objectKey(x.label, x.box, x.score)] = x.kind; });
    function maskColor(b, matched) {
      var kind = errorKinds[objectKey(b[0], b.slice(1, 5), matched === MATCHED_TRUTH ? null : b[5])];
      if (kind === undefined) { shownKinds[matched === MATCHED_TRUTH ? 'Matched ground truth' : 'Matched detection'] = matched; return matched; }
      shownKinds[kindTitle(d.errorKinds[kind])] = KIND_COLORS[kind];
      return KIND_COLORS[kind];
    }
    var masks = svg('g', { class: 'masks' });
    image.truth.forEach(function (b) { if (b[5]) masks.appendChild(maskNode(b[5], maskColor(b, MATCHED_TRUTH), b[0] + ' (ground truth)')); });
    image.detections.forEach(function (b) { if (b[6]) masks.appendChild(maskNode(b[6], maskColor(b, MATCHED_DETECTION), b[0] + ' (detection, score ' + fixed(b[5], 3) + ')')); });
    root.appendChild(masks);
    image.truth.forEach(function (b) {
      if (!hasBox(b.slice(1, 5))) return;
      root.appendChild(svg('rect', { x: b[1], y: b[2], width: b[3], height: b[4], class: 'truth', 'stroke-width': stroke }, svg('title', null, b[0] + ' (ground truth)')));
      tags.appendChild(tag(b.slice(1, 5), b[0], '', 'truth', false));
    });
    image.detections.forEach(function (b) {
      if (!hasBox(b.slice(1, 5))) return;
      root.appendChild(svg('rect', { x: b[1], y: b[2], width: b[3], height: b[4], class: 'detection', 'stroke-width': stroke, 'stroke-dasharray': 3 * stroke },
        svg('title', null, b[0] + ' (detection, score ' + fixed(b[5], 3) + ')')));
      tags.appendChild(tag(b.slice(1, 5), b[0], ' ' + fixed(b[5], 2), 'detection', true));
    });
    var e = error ? error.box : null;
    if (e && hasBox(e)) {
      root.appendChild(svg('rect', { x: e[0], y: e[1], width: e[2], height: e[3], class: 'selected', 'stroke-width': 2 * stroke }, svg('title', null, 'This error')));
      // The selected error's tag says what it is: label, score (none for a missed object) and its best IoU.
      tags.appendChild(tag(e, error.label, (error.score === null ? '' : ' ' + fixed(error.score, 2)) + ' IoU ' + fixed(error.iou, 2), 'selected', false));
    }
    root.appendChild(tags);
    box.appendChild(root);
    // Labels are any text (wide letters, markup characters, other scripts): measured, not estimated, once laid out; then
    // placed, the selected error's tag first (it is drawn last, on top).
    var all = Array.prototype.slice.call(tags.childNodes);
    // A tag wider than the image has its label shortened with an ellipsis, its score kept (its title has the whole text).
    all.forEach(function (g) {
      var text = g.querySelector('text'), label = text.firstChild;
      R.fitText(label, Math.max(font, image.width - font * 0.5 - (text.getComputedTextLength() - label.getComputedTextLength())));
      var measured = text.getComputedTextLength();
      if (measured > 0) g.bandWidth = measured + font * 0.5;
    });
    placeTags(all.filter(function (g) { return g.getAttribute('class') === 'tag selected'; })
      .concat(all.filter(function (g) { return g.getAttribute('class') !== 'tag selected'; })));
    if (masks.childNodes.length > 0) {
      box.appendChild(el('p', { class: 'legend mask-legend' }, 'Masks: ', Object.keys(shownKinds).map(function (name) {
        var swatch = el('span', { class: 'swatch' });
        swatch.style.backgroundColor = shownKinds[name];
        return el('span', { 'data-kind': name }, swatch, ' ' + name + ' ');
      }).reduce(function (p, node) { p.appendChild(node); return p; }, el('span'))));
    }
  }

  function renderErrors() {
    var rows = errorsShown(), pages = Math.max(1, Math.ceil(rows.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    R.clear(errorTable);
    var headRow = el('tr');
    ['Image', 'Label', 'Kind', 'Score', 'Best IoU', 'Box (x, y, w, h)', ''].forEach(function (t) { headRow.appendChild(el('th', { scope: 'col', class: t === 'Label' ? 'label' : null }, t)); });
    errorTable.appendChild(el('thead', null, headRow));
    var body = el('tbody');
    rows.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (error) {
      var button = el('button', { type: 'button', 'aria-label': 'Show ' + errorName(error) }, 'Show');
      button.addEventListener('click', function () { state.selected = error; drawImage(error); });
      body.appendChild(el('tr', null, el('th', { scope: 'row' }, error.file || error.image), el('td', { class: 'label' }, error.label), el('td', null, kindTitle(d.errorKinds[error.kind])),
        el('td', null, error.score === null ? '—' : fixed(error.score, 3)), el('td', null, fixed(error.iou, 3)), el('td', null, boxText(error.box)), el('td', null, button)));
    });
    errorTable.appendChild(body);
    document.getElementById('error-page').textContent = rows.length === 0 ? 'No errors of this kind.' : 'Page ' + (state.page + 1) + ' of ' + pages + ' (' + count(rows.length) + ' listed)';
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    if (state.selected === null && rows.length > 0) drawImage(rows[0]);
  }
  kindSelect.addEventListener('change', function () { state.kind = Number(kindSelect.value); state.page = 0; renderErrors(); });
  prev.addEventListener('click', function () { state.page--; renderErrors(); });
  next.addEventListener('click', function () { state.page++; renderErrors(); });

  update();
  renderAnalysis();
})(window.AutoMLEvalReport);
