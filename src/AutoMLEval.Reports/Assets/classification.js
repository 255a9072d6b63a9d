// Classification sections of the report. Every figure is looked up in the engine's precomputed data at the slider's
// grid index k; nothing is recomputed here. Galleries show the first min(count at k, embedded) items of the engine's
// ordered lists (see ClassificationReportPart).
(function (R) {
  'use strict';
  var d = R.data.classification;
  if (!d) return;
  var el = R.el, fixed = R.fixed, count = R.count, plural = R.plural;
  var PAGE_SIZE = 12;
  var OUTCOMES = { tp: 'true positive', fp: 'false positive', fn: 'false negative' };
  // cell: the confusion cell whose images the gallery shows (index into d.confusionItems), or null for a label's gallery.
  var state = { k: d.initial, curveLabel: -1, galleryLabel: 0, outcome: 'fp', page: 0, cell: null };
  var showCell = function () {};

  function thresholdText(t) {
    var two = t.toFixed(2);
    return Number(two) === t ? two : String(Number(t.toFixed(4)));
  }
  function sweepOf(label) { return label < 0 ? d.overall : d.perLabel[label]; }
  var metric = R.metric;

  // Summary: live figures at the slider, fixed figures of the whole evaluation, and what the inputs left out.
  var live = R.thresholdCards(document.getElementById('live-metrics'));
  // The evaluation as the CLI's JSON writes it (ClassificationJson).
  var s = d.evaluation;
  var fixedList = document.getElementById('fixed-metrics');
  metric(fixedList, 'items', 'Items', count(s.items));
  metric(fixedList, 'labels', 'Labels', count(d.labels.length));
  metric(fixedList, 'auPrc', 'AuPRC (micro)', fixed(s.auPrc));
  metric(fixedList, 'macroAuPrc', 'AuPRC (macro)', fixed(s.macroAuPrc));
  metric(fixedList, 'auRoc', 'ROC AUC (micro)', fixed(s.auRoc));
  metric(fixedList, 'macroAuRoc', 'ROC AUC (macro)', fixed(s.macroAuRoc));
  metric(fixedList, 'logLoss', 'Log loss', fixed(s.logLoss));
  // Named by its rule, the engine's name the CLI's table shows: by top label, or (multi-label) at the run's threshold, not the slider's.
  metric(fixedList, 'macroF1', d.macroF1Name, fixed(s.macroF1));
  metric(fixedList, 'bestF1', 'Best F1 (threshold ' + fixed(s.bestF1.confidenceThreshold, 3) + ')', fixed(s.bestF1.f1Score));
  Object.keys(s.topKAccuracy).forEach(function (k) { metric(fixedList, 'top' + k, 'Top-' + k + ' accuracy', fixed(s.topKAccuracy[k])); });
  if (d.multiLabel) {
    // Decided at the run's threshold, not the slider's (the evaluation's own figures), written as macro F1's name writes
    // it; the ranking ones need no threshold.
    var atRun = 'at the run\u2019s threshold ' + d.thresholdText;
    metric(fixedList, 'subsetAccuracy', 'Subset accuracy', fixed(s.subsetAccuracy), false,
      'Items whose label set ' + atRun + ' is exactly right.');
    metric(fixedList, 'hammingLoss', 'Hamming loss', fixed(s.hammingLoss), false,
      'Wrong (item, label) decisions ' + atRun + '; lower is better.');
    metric(fixedList, 'labelRankingAveragePrecision', 'Label ranking AP', fixed(s.labelRankingAveragePrecision), false,
      'Per true label, the share of true labels ranked at or above it, averaged; 1 when true labels outrank all others.');
    metric(fixedList, 'coverageError', 'Coverage error', fixed(s.coverageError), false,
      'Labels down the ranking needed to cover all true ones, on average; lower is better (at least the true labels\u2019 number, at most '
      + count(d.labels.length) + ').');
  }
  // Input counts and thumbnails; a task whose evaluation carries no classification input summary (video) fills the list itself.
  var inputList = document.getElementById('input-summary');
  if (s.counts) {
    // Predictions, as the CLI names them, are items: evaluated + unknown + other splits + of rejected items.
    [['evaluated', 'Items evaluated'], ['groundTruthItems', 'Ground-truth items in split'], ['predictionItems', 'Predictions'],
      ['missingPredictions', 'Without prediction (left out)'], ['unknownPredictions', 'Unknown predictions (left out)'],
      ['otherSplitPredictions', 'Predictions of other splits'], ['rejectedItemPredictions', 'Predictions of rejected items (left out)'],
      ['rejectedGroundTruthItems', 'Rejected ground-truth items'],
      ['skippedGroundTruthRecords', 'Skipped ground-truth records'], ['skippedPredictionRecords', 'Skipped prediction records'],
      ['duplicateRecords', 'Duplicate records'], ['missingScores', 'Missing scores (taken as 0)']].forEach(function (pair) {
      metric(inputList, pair[0], pair[1], count(s.counts[pair[0]]));
    });
    metric(inputList, 'thumbnails', 'Thumbnails', R.imageCountsText(d.thumbnails));
    inputList.appendChild(el('div', null, el('dt', null, 'Ground truth'), el('dd', null, d.groundTruth)));
  }

  // Curves: precision–recall (recall ascending, so thresholds descending) and rates by threshold.
  function prData(label) {
    var sw = sweepOf(label);
    return [sw.recall.slice().reverse(), sw.precision.slice().reverse()];
  }
  function thresholdData(label) {
    var sw = sweepOf(label);
    return [d.thresholds, sw.precision, sw.recall, sw.f1];
  }
  var unit = { x: { time: false, range: [0, 1] }, y: { range: [0, 1.02] } };
  var marker = function (draw) { return { hooks: { draw: [draw] } }; };
  var prChart = R.lineChart(document.getElementById('pr-chart'), {
    scales: unit,
    axes: [{ label: 'Recall' }, { label: 'Precision' }],
    series: [{ label: 'Recall' }, { label: 'Precision', stroke: '#0072B2', width: 2 }],
    plugins: [marker(function (u) {
      var sw = sweepOf(state.curveLabel);
      var x = u.valToPos(sw.recall[state.k], 'x', true), y = u.valToPos(sw.precision[state.k], 'y', true);
      u.ctx.save(); u.ctx.fillStyle = '#D55E00'; u.ctx.beginPath(); u.ctx.arc(x, y, 5 * devicePixelRatio, 0, 2 * Math.PI); u.ctx.fill(); u.ctx.restore();
    })]
  }, prData(-1), function () { return d.thresholds.length - 1 - state.k; });
  var thresholdChart = R.lineChart(document.getElementById('threshold-chart'), {
    scales: unit,
    axes: [{ label: 'Threshold' }, { label: 'Value' }],
    series: [{ label: 'Threshold' },
      { label: 'Precision', stroke: '#0072B2', width: 2 },
      { label: 'Recall', stroke: '#E69F00', width: 2 },
      { label: 'F1', stroke: '#009E73', width: 2, dash: [6, 4] }],
    plugins: [marker(function (u) {
      var x = u.valToPos(d.thresholds[state.k], 'x', true);
      u.ctx.save(); u.ctx.strokeStyle = '#5a6473'; u.ctx.setLineDash([4, 4]); u.ctx.beginPath();
      u.ctx.moveTo(x, u.bbox.top); u.ctx.lineTo(x, u.bbox.top + u.bbox.height); u.ctx.stroke(); u.ctx.restore();
    })]
  }, thresholdData(-1), function () { return state.k; });
  document.getElementById('curve-label').addEventListener('change', function (event) {
    state.curveLabel = Number(event.target.value);
    prChart.setData(prData(state.curveLabel));
    thresholdChart.setData(thresholdData(state.curveLabel));
    prChart.showResting();
    thresholdChart.showResting();
  });

  // Per-label table at the slider's threshold; a task's own per-label figures (d.labelColumns, on the same grid) follow F1.
  var labelTable = R.sortableTable(document.getElementById('label-table'), [
    { title: 'Label', value: function (r) { return r.name; }, text: function (r) { return r.name; } },
    { title: 'Support', numeric: true, value: function (r) { return r.support; }, text: function (r) { return count(r.support); } },
    { title: 'AuPRC', numeric: true, value: function (r) { return r.auPrc; }, text: function (r) { return fixed(r.auPrc); } },
    { title: 'ROC AUC', numeric: true, value: function (r) { return r.auRoc; }, text: function (r) { return fixed(r.auRoc); } },
    { title: 'Precision', numeric: true, value: function (r) { return r.precision; }, text: function (r) { return fixed(r.precision); } },
    { title: 'Recall', numeric: true, value: function (r) { return r.recall; }, text: function (r) { return fixed(r.recall); } },
    { title: 'F1', numeric: true, value: function (r) { return r.f1; }, text: function (r) { return fixed(r.f1); } }
  ].concat(d.labelColumns.map(function (column, c) {
    return { title: column.title, numeric: true, value: function (r) { return r.extra[c]; }, text: function (r) { return fixed(r.extra[c]); } };
  }), [
    { title: 'TP', numeric: true, value: function (r) { return r.tp; }, text: function (r) { return count(r.tp); } },
    { title: 'FP', numeric: true, value: function (r) { return r.fp; }, text: function (r) { return count(r.fp); } },
    { title: 'FN', numeric: true, value: function (r) { return r.fn; }, text: function (r) { return count(r.fn); } }
  ]), 2, false);
  function labelRows() {
    return d.labels.map(function (name, j) {
      var label = s.perLabel[j], sw = d.perLabel[j], k = state.k;
      return { name: name, support: label.support, auPrc: label.auPrc, auRoc: label.auRoc,
        precision: sw.precision[k], recall: sw.recall[k], f1: sw.f1[k],
        extra: d.labelColumns.map(function (column) { return column.values[j][k]; }), tp: sw.tp[k], fp: sw.fp[k], fn: sw.fn[k] };
    });
  }

  // Confusion matrix by top label (the evaluation's, as the CLI and Get-ModelEvaluation show it): it does not follow the
  // slider. Counts and row shares; diagonal blue, confusions orange.
  var confusionTable = document.getElementById('confusion-table');
  function renderConfusion() {
    var c = d.confusion;
    if (!c || !confusionTable) return;
    var shown = c.shown;
    document.getElementById('confusion-help').textContent = (c.other
      ? 'The ' + shown.length + ' labels most involved in confusions, of ' + d.labels.length + '. '
      : '') + 'Rows: true label. Columns: each image\u2019s top label (its highest score, whatever the threshold), '
      + 'as automl-eval evaluate and Get-ModelEvaluation count them.';
    var names = shown.map(function (j) { return d.labels[j]; });
    // A cell with images leads to them; the gallery shows the cell's items.
    R.confusionTable(confusionTable, {
      rows: names, columns: c.other ? names.concat(['other labels']) : names, counts: c.counts, percent: c.percent,
      diagonal: function (r, col) { return r === col; },
      opens: function () { return !!d.confusionItems; },
      what: function (index) { return 'show the ' + plural(c.counts[index], 'image'); },
      open: function (index) { showCell(index); }
    });
  }
  renderConfusion();

  // Reliability diagram: the evaluation's calibration bins (accuracy against mean confidence), drawn as SVG bars.
  function renderCalibration() {
    var cal = s.calibration, chart = document.getElementById('reliability-chart');
    if (!cal || !chart) return;
    var list = document.getElementById('calibration-metrics');
    metric(list, 'ece', 'Expected calibration error', fixed(cal.expectedCalibrationError));
    metric(list, 'mce', 'Maximum calibration error', fixed(cal.maximumCalibrationError));
    metric(list, 'equalMassEce', 'ECE, equal-mass bins', fixed(cal.equalMassExpectedCalibrationError));
    metric(list, 'brier', 'Brier score', fixed(cal.brierScore));
    var svg = R.svg, unit = R.unitChart('reliability', 'Reliability diagram: accuracy against confidence in ' + cal.bins.length + ' bins',
      'Confidence (top-1 score)', 'Accuracy');
    var root = unit.root, px = unit.px, py = unit.py;
    cal.bins.forEach(function (bin) {
      if (bin.items === 0) return;
      var x = px(bin.lower) + 1, width = px(bin.upper) - px(bin.lower) - 2;
      var title = svg('title', null, '(' + fixed(bin.lower, 3) + ', ' + fixed(bin.upper, 3) + ']: ' + count(bin.items) + ' images, accuracy ' + fixed(bin.accuracy) + ', mean confidence ' + fixed(bin.confidence));
      root.appendChild(svg('rect', { class: 'bin', x: x, y: py(bin.accuracy), width: width, height: py(0) - py(bin.accuracy), fill: '#0072B2' }, title));
      root.appendChild(svg('line', { class: 'confidence', x1: x, y1: py(bin.confidence), x2: x + width, y2: py(bin.confidence), stroke: '#D55E00', 'stroke-width': 3 }));
    });
    root.appendChild(svg('line', { x1: px(0), y1: py(0), x2: px(1), y2: py(1), stroke: '#5a6473', 'stroke-dasharray': '4 4' }));
    chart.appendChild(root);
  }
  renderCalibration();

  // Metadata slices: the evaluation's slices[] (as evaluate --slice-by writes them), worst accuracy first.
  if (s.slices && document.getElementById('slice-table')) {
    var sliceColumn = function (title, key) { return { title: title, numeric: true, value: function (r) { return r[key]; }, text: function (r) { return fixed(r[key]); } }; };
    R.sortableTable(document.getElementById('slice-table'), [
      { title: 'Value', value: function (r) { return r.value === null ? '' : r.value; }, text: function (r) { return r.value === null ? '(none)' : r.value; } },
      { title: 'Items', numeric: true, value: function (r) { return r.items; }, text: function (r) { return count(r.items); } },
      sliceColumn('Accuracy', 'accuracy'), sliceColumn('AuPRC', 'auPrc'), sliceColumn('ROC AUC', 'auRoc'),
      sliceColumn('Log loss', 'logLoss'), sliceColumn('Macro F1', 'macroF1')
    ], 2, false).setRows(s.slices);
  }

  // A line (a tag's element) of labels after a prefix, separated by commas: each label isolated (R.bidi), so that a
  // right-to-left one keeps the text after it (its score: pair [label, after]) on its right.
  function labelLine(tag, attributes, prefix, pairs) {
    var line = el(tag, attributes, prefix);
    pairs.forEach(function (pair, i) {
      if (i > 0) line.appendChild(document.createTextNode(', '));
      line.appendChild(R.bidi(pair[0]));
      if (pair[1]) line.appendChild(document.createTextNode(pair[1]));
    });
    return line;
  }

  // The larger view of one image (a modal dialog, four times the card's size) beside what the card says about it, as
  // nodes; Close or Escape closes it and focus returns to the button that opened it. Galleries, error slices and the
  // comparison share it.
  var dialog = document.getElementById('item-dialog');
  function openEnlarged(opener, id, image, about) {
    R.clear(dialog);
    var close = el('button', { type: 'button', class: 'close' }, 'Close');
    close.addEventListener('click', function () { dialog.close(); });
    dialog.appendChild(el('h3', { id: 'item-dialog-title' }, id));
    var side = el('div', { class: 'about' });
    about.forEach(function (node) { side.appendChild(node); });
    dialog.appendChild(el('div', { class: 'item-view' },
      picture(id, image, 384), side));
    dialog.appendChild(close);
    dialog.onclose = function () { opener.focus(); };
    dialog.showModal();
    close.focus();
  }
  // A card's picture as a button that opens the larger view; what(): the nodes beside it there.
  function enlargeButton(id, image, purpose, what) {
    var button = el('button', { type: 'button', class: 'enlarge', 'aria-label': 'Enlarge ' + id + ' with ' + purpose }, picture(id, image, 120));
    button.addEventListener('click', function () { openEnlarged(button, id, image, what()); });
    return button;
  }

  // Galleries: one label, one outcome, paged (only where the items are images).
  var renderGallery = d.galleries ? galleries() : function () {};
  function galleries() {
    var gallery = document.getElementById('gallery');
    var galleryLabel = document.getElementById('gallery-label');
    var outcomeButtons = document.querySelectorAll('#gallery-outcome button');
    var prev = document.getElementById('gallery-prev'), next = document.getElementById('gallery-next');
    // Single-label: by top label, as automl-eval errors and Get-MisclassifiedImage list them; multi-label: at the slider.
    var byTopLabel = d.galleryDecision === 'topLabel';
    function galleryState() {
      if (state.cell !== null) {
        var items = d.confusionItems[state.cell], n = d.confusion.counts[state.cell];
        return { entries: items, total: n, available: Math.min(n, items.length), pages: Math.max(1, Math.ceil(Math.min(n, items.length) / PAGE_SIZE)) };
      }
      var entries = d.galleries[state.galleryLabel][state.outcome];
      var total = byTopLabel ? d.galleryTotals[state.galleryLabel][state.outcome] : d.perLabel[state.galleryLabel][state.outcome][state.k];
      var available = Math.min(total, entries.length);
      return { entries: entries, total: total, available: available, pages: Math.max(1, Math.ceil(available / PAGE_SIZE)) };
    }
    // A card: the entry's score is for scoreLabel (the gallery's label, or in a confusion cell the image's top label).
    function card(entry, scoreLabel, kind) {
      var item = d.items[entry[0]];
      var enlarge = enlargeButton(item.id, item.image, 'its scores', function () { return itemScores(item); });
      return el('figure', { class: 'card ' + kind, 'data-item': item.id }, enlarge,
        el('figcaption', null,
          labelLine('div', { class: 'score' }, '', [[d.labels[scoreLabel], ': ' + fixed(entry[1])]]),
          labelLine('div', null, 'true: ', item.truth.map(function (j) { return [d.labels[j], '']; })),
          labelLine('div', null, 'top: ', item.top.map(function (p) { return [d.labels[p[0]], ' ' + fixed(p[1], 3)]; })),
          el('div', { class: 'path' }, item.id)),
        similarImages(item));
    }
    // The nearest training items (the engine's SimilarImages), opened from the card: a details element, keyboard operable.
    function similarImages(item) {
      // A card without neighbours in a report with them: the item has no embedding (the writer warned, naming it).
      if (!item.similar) return d.similar ? el('p', { class: 'similar-none' }, 'No embedding for this image: no similar training images.') : null;
      var list = el('ol', { class: 'similar-list' });
      item.similar.forEach(function (pair) {
        var reference = d.similar.references[pair[0]];
        list.appendChild(el('li', { 'data-item': reference.id },
          picture(reference.id, reference.image || null, 56),
          labelLine('div', { class: 'labels' }, '', reference.labels.map(function (l) { return [l, '']; })),
          el('div', { class: 'distance' }, 'distance ' + fixed(pair[1], 3))));
      });
      return el('details', { class: 'similar' }, el('summary', null, 'Similar training images (' + item.similar.length + ')'), list);
    }
    // Beside the larger view of a gallery image: its true labels and its top scores.
    function itemScores(item) {
      var scores = el('table', { class: 'scores' }, el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Label'), el('th', { scope: 'col' }, 'Score'))));
      var body = el('tbody');
      item.top.forEach(function (p) {
        body.appendChild(el('tr', item.truth.indexOf(p[0]) >= 0 ? { class: 'true-label' } : null, el('th', { scope: 'row' }, d.labels[p[0]]), el('td', null, fixed(p[1]))));
      });
      scores.appendChild(body);
      return [labelLine('p', null, 'True: ', item.truth.map(function (j) { return [d.labels[j], '']; })),
        el('p', { class: 'help' }, 'Top ' + item.top.length + ' scores (true labels in bold):'), scores];
    }
    function cellName(cell) {
      var c = d.confusion, columns = c.shown.length + (c.other ? 1 : 0);
      var row = Math.floor(cell / columns), col = cell % columns;
      return { truth: c.shown[row], predicted: col < c.shown.length ? c.shown[col] : null };
    }
    function renderGallery() {
      var g = galleryState();
      state.page = Math.min(state.page, g.pages - 1);
      Array.prototype.forEach.call(outcomeButtons, function (b) { b.setAttribute('aria-pressed', String(state.cell === null && b.getAttribute('data-outcome') === state.outcome)); });
      var status;
      if (state.cell !== null) {
        var named = cellName(state.cell);
        status = plural(g.total, 'image') + ' of true \u201c' + d.labels[named.truth] + '\u201d whose top label is '
          + (named.predicted === null ? 'one of the other labels' : '\u201c' + d.labels[named.predicted] + '\u201d') + ' (confusion matrix cell)';
      } else {
        status = plural(g.total, OUTCOMES[state.outcome]) + ' of \u201c' + d.labels[state.galleryLabel] + '\u201d '
          + (byTopLabel ? 'by top label (each image\u2019s highest-scored label, whatever the threshold)' : 'at threshold ' + thresholdText(d.thresholds[state.k]));
      }
      if (g.total > g.available) status += ' (the first ' + count(g.available) + ' are in this report)';
      document.getElementById('gallery-status').textContent = status + '.';
      R.clear(gallery);
      g.entries.slice(state.page * PAGE_SIZE, Math.min(g.available, (state.page + 1) * PAGE_SIZE)).forEach(function (entry) {
        if (state.cell === null) {
          gallery.appendChild(card(entry, state.galleryLabel, state.outcome));
        } else {
          var named = cellName(state.cell), top = d.items[entry[0]].top[0][0];
          gallery.appendChild(card(entry, top, named.predicted === named.truth ? 'tp' : 'fn'));
        }
      });
      document.getElementById('gallery-page').textContent = 'Page ' + (state.page + 1) + ' of ' + g.pages;
      prev.disabled = state.page === 0;
      next.disabled = state.page >= g.pages - 1;
    }
    galleryLabel.addEventListener('change', function () { state.galleryLabel = Number(galleryLabel.value); state.cell = null; state.page = 0; renderGallery(); });
    Array.prototype.forEach.call(outcomeButtons, function (b) {
      b.addEventListener('click', function () { state.outcome = b.getAttribute('data-outcome'); state.cell = null; state.page = 0; renderGallery(); });
    });
    showCell = function (cell) {
      state.cell = cell;
      state.page = 0;
      var named = cellName(cell);
      state.galleryLabel = named.truth;
      galleryLabel.value = String(named.truth);
      renderGallery();
      document.getElementById('galleries').scrollIntoView();
      document.getElementById('gallery-status').focus();
    };
    prev.addEventListener('click', function () { state.page = Math.max(0, state.page - 1); renderGallery(); });
    next.addEventListener('click', function () { state.page += 1; renderGallery(); });
    // Start on the largest error gallery (false positives or negatives of one label) at the initial threshold.
    var largest = -1;
    d.perLabel.forEach(function (label, j) {
      ['fp', 'fn'].forEach(function (outcome) {
        var n = byTopLabel ? d.galleryTotals[j][outcome] : label[outcome][d.initial];
        if (n > largest) {
          largest = n;
          state.galleryLabel = j;
          state.outcome = outcome;
        }
      });
    });
    galleryLabel.value = String(state.galleryLabel);

    return renderGallery;
  }

  function update() {
    var k = state.k;
    live.show(d.overall, k);
    prChart.redraw(false);
    thresholdChart.redraw(false);
    prChart.showResting();
    thresholdChart.showResting();
    labelTable.setRows(labelRows());
    renderGallery();
    R.thresholdChanged(k);
  }
  // An item's image (a data URI, or null: its file name instead) at size × size pixels.
  function picture(id, image, size) {
    return image ? el('img', { src: image, alt: id, width: size, height: size }) : el('div', { class: 'noimage' }, id.split(/[\\/]/).pop());
  }
  // An item's embedded thumbnail from a section's images (item id -> data URI), or its file name.
  function imageOf(images, id) { return Object.prototype.hasOwnProperty.call(images, id) ? images[id] : null; }
  function thumbnailOf(images, id, size) { return picture(id, imageOf(images, id), size); }
  // Error slices: the engine's ErrorSliceFinder as the CLI's error-slices --format json writes them (ErrorSliceJson).
  if (d.errorSlices) renderErrorSlices(d.errorSlices);
  function renderErrorSlices(es) {
    var thumbnail = function (id, size) { return thumbnailOf(es.images, id, size); };
    var searched = plural(es.items, 'item') + ' with an embedding, overall error rate ' + fixed(es.errors / es.items) + ', ' + plural(es.groupsTested, 'group') + ' tested'
      + (es.itemsWithoutEmbedding ? '; ' + plural(es.itemsWithoutEmbedding, 'item') + ' without an embedding left out' : '');
    document.getElementById('error-slice-summary').textContent = es.items === 0 ? 'No evaluated item has an embedding: no slice was searched for.'
      : es.slices.length ? plural(es.slices.length, 'slice') + ' (' + searched + ').'
      : 'No group of items fails significantly more than overall (' + searched + ').';
    var list = document.getElementById('error-slice-list');
    es.slices.forEach(function (slice, n) {
      var examples = el('div', { class: 'slice-examples' });
      slice.examples.forEach(function (example) {
        var neighbours = el('ol', { class: 'similar-list' });
        example.nearestTraining.forEach(function (id) { neighbours.appendChild(el('li', { 'data-item': id }, thumbnail(id, 56))); });
        var outcome = (example.isError ? 'An error' : 'Right') + ' in slice ' + (n + 1) + ': ' + slice.description;
        var enlarge = enlargeButton(example.content, imageOf(es.images, example.content), 'its nearest training images', function () {
          var nearest = el('ol', { class: 'similar-list' });
          example.nearestTraining.forEach(function (id) { nearest.appendChild(el('li', { 'data-item': id }, thumbnail(id, 120), el('div', { class: 'path' }, id))); });
          return [el('p', null, outcome), el('p', { class: 'help' }, example.nearestTraining.length ? 'Nearest training images:' : 'No training images to compare with.'), nearest];
        });
        examples.appendChild(el('figure', { class: 'card ' + (example.isError ? 'fp' : 'tp'), 'data-item': example.content }, enlarge,
          el('figcaption', null, el('div', { class: 'score' }, example.isError ? 'error' : 'correct'), el('div', { class: 'path' }, example.content),
            example.nearestTraining.length ? el('div', null, 'nearest training images:') : null, neighbours)));
      });
      var confusions = el('dd', { 'data-metric': 'confusions' }, slice.topConfusions.length ? null : '\u2013');
      slice.topConfusions.forEach(function (c, i) {
        confusions.appendChild(document.createTextNode(i > 0 ? ', ' : ''));
        confusions.appendChild(R.bidi(c.trueLabel));
        confusions.appendChild(document.createTextNode(' \u2192 '));
        confusions.appendChild(R.bidi(c.predictedLabel));
        confusions.appendChild(document.createTextNode(' (' + count(c.errors) + ')'));
      });
      list.appendChild(el('article', { class: 'error-slice', 'data-slice': n },
        el('h3', null, 'Slice ' + (n + 1) + ': ' + slice.description),
        el('dl', { class: 'metrics small' },
          el('div', null, el('dt', null, 'Size'), el('dd', { 'data-metric': 'size' }, count(slice.size))),
          el('div', null, el('dt', null, 'Error rate'), el('dd', { 'data-metric': 'errorRate' }, fixed(slice.errorRate))),
          el('div', null, el('dt', null, '95% interval'), el('dd', { 'data-metric': 'interval' }, fixed(slice.errorRateLower) + '\u2013' + fixed(slice.errorRateUpper))),
          el('div', null, el('dt', null, 'Lift'), el('dd', { 'data-metric': 'lift' }, fixed(slice.lift, 2) + '\u00d7')),
          el('div', null, el('dt', null, 'Top confusions'), confusions)),
        examples));
    });
  }
  // Comparison with the baseline: ModelComparer.Compare as the CLI's compare --format json writes it (ComparisonJson).
  if (d.comparison) renderComparison(d.comparison);
  function renderComparison(c) {
    var r = c.result;
    document.getElementById('comparison-summary').textContent = count(r.matching.pairedItems) + ' items compared: ' + count(r.items.fixed) + ' fixed, '
      + count(r.items.broken) + ' broken, ' + count(r.items.bothCorrect) + ' right and ' + count(r.items.bothWrong) + ' wrong with both models. McNemar\u2019s p-value '
      + fixed(r.mcnemar.pValue) + (r.mcnemar.pValue < 0.05 ? ': the models differ significantly.' : ': no significant difference.')
      + (r.matching.onlyInReference + r.matching.onlyInCandidate ? ' ' + count(r.matching.onlyInReference + r.matching.onlyInCandidate) + ' items predicted by one model only were left out.' : '');
    var table = document.getElementById('comparison-table');
    var head = el('tr');
    ['Metric', 'Baseline', 'This model', 'Difference', '95% interval (' + count(r.bootstrapSamples) + ' paired resamples)'].forEach(function (t) { head.appendChild(el('th', { scope: 'col' }, t)); });
    table.appendChild(el('thead', null, head));
    var body = el('tbody');
    r.metrics.forEach(function (m) {
      var significant = m.ciLower !== null && (m.ciLower > 0 || m.ciUpper < 0);
      var better = significant && (m.delta > 0) === m.higherIsBetter;
      body.appendChild(el('tr', { 'data-metric': m.name, class: significant ? (better ? 'better' : 'worse') : null },
        el('th', { scope: 'row' }, m.name), el('td', null, fixed(m.reference)), el('td', null, fixed(m.candidate)),
        el('td', null, m.delta === null ? '\u2014' : (m.delta > 0 ? '+' : '') + fixed(m.delta)),
        el('td', null, m.ciLower === null ? '\u2014' : fixed(m.ciLower) + ' to ' + fixed(m.ciUpper) + (significant ? (better ? ' (better)' : ' (worse)') : ''))));
    });
    table.appendChild(body);
    ['fixed', 'broken'].forEach(function (kind) {
      var items = r.changes.filter(function (ch) { return ch.change === kind; });
      document.getElementById('comparison-' + kind + '-title').textContent = (kind === 'fixed' ? 'Fixed: the baseline wrong, this model right' : 'Broken: the baseline right, this model wrong')
        + ' (' + (items.length < r.items[kind] ? 'the first ' + count(items.length) + ' of ' : '') + count(r.items[kind]) + ')';
      var gallery = document.getElementById('comparison-' + kind);
      items.forEach(function (ch) {
        var enlarge = enlargeButton(ch.content, imageOf(c.images, ch.content), 'both models\u2019 top labels', function () { return changeLabels(ch); });
        gallery.appendChild(el('figure', { class: 'card ' + (kind === 'fixed' ? 'tp' : 'fp'), 'data-item': ch.content }, enlarge,
          el('figcaption', null,
            labelLine('div', null, 'true: ', ch.trueLabels.map(function (l) { return [l, '']; })),
            labelLine('div', { class: 'baseline' }, 'baseline: ', [[ch.referenceLabel, ' ' + fixed(ch.referenceScore, 3)]]),
            labelLine('div', { class: 'score' }, 'this model: ', [[ch.candidateLabel, ' ' + fixed(ch.candidateScore, 3)]]),
            el('div', { class: 'path' }, ch.content))));
      });
    });
  }
  // Beside the larger view of a fixed or broken image: its true labels and each model's top label with its score.
  function changeLabels(ch) {
    var table = el('table', { class: 'scores' }, el('thead', null, el('tr', null, el('th', { scope: 'col' }, 'Model'),
      el('th', { scope: 'col' }, 'Top label'), el('th', { scope: 'col' }, 'Score'))));
    var body = el('tbody');
    [['Baseline', ch.referenceLabel, ch.referenceScore], ['This model', ch.candidateLabel, ch.candidateScore]].forEach(function (row) {
      body.appendChild(el('tr', ch.trueLabels.indexOf(row[1]) >= 0 ? { class: 'true-label' } : null,
        el('th', { scope: 'row' }, row[0]), el('td', null, row[1]), el('td', null, fixed(row[2]))));
    });
    table.appendChild(body);
    return [labelLine('p', null, 'True: ', ch.trueLabels.map(function (l) { return [l, '']; })),
      el('p', { class: 'help' }, (ch.change === 'fixed' ? 'Fixed: the baseline wrong, this model right' : 'Broken: the baseline right, this model wrong')
        + ' (a right top label in bold):'), table];
  }
  R.thresholdSlider(d.thresholds, d.initial, thresholdText, function (k) { state.k = k; update(); });
  // The slider's help names the sections of this page that follow it (each says so with data-follows-threshold).
  var following = Array.prototype.map.call(document.querySelectorAll('[data-follows-threshold]'), function (node) { return node.getAttribute('data-follows-threshold'); });
  var last = following.pop();
  document.getElementById('threshold-help').textContent = 'Arrow keys: \u00b10.01. It moves ' + (following.length ? following.join(', ') + ' and ' : '') + last + '.';
  update();
})(window.AutoMLEvalReport);
