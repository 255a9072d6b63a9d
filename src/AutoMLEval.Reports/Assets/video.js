// Video sections of the report: the temporal IoU at the slider's threshold and per-video timelines of ground truth
// against the units predicted at that threshold. A unit is drawn as predicted at grid index k when k is at most the
// last index the engine embedded for it (see VideoReportPart); no score is compared here.
(function (R) {
  'use strict';
  var v = R.data.video, c = R.data.classification;
  if (!v || !c) return;
  var el = R.el, svg = R.svg, fixed = R.fixed, count = R.count;
  var LABEL_WIDTH = 150, ROW = 30, AXIS = 24, MIN_PX_PER_SECOND = 24;
  var state = { video: 0, k: c.initial };

  var metrics = document.getElementById('video-metrics');
  R.metric(metrics, 'unit', 'Unit', v.unit);
  R.metric(metrics, 'videos', 'Videos', count(v.videos));
  R.metric(metrics, 'instances', 'Prediction instances', count(v.instances));
  var temporal = R.metric(metrics, 'temporalIoU', 'Temporal IoU at threshold', '', true);

  // What went in and what was left out (the CLI JSON's skipped), in the summary's Inputs, as classification has it.
  var inputs = document.getElementById('input-summary');
  R.metric(inputs, 'predictedVideos', 'Videos with predictions', count(v.predictedVideos) + ' of ' + count(v.videos));
  [['videosWithoutPredictions', 'Videos without predictions (not evaluated)'], ['unknownVideoInstances', 'Instances of unknown videos (left out)'],
    ['otherSplitInstances', 'Instances of videos of other splits (left out as intended)'],
    ['unknownLabelEntries', 'Entries of unknown labels (left out)'], ['otherTypeEntries', 'Entries of other prediction types (not used)'],
    ['unboundedEntries', 'Entries running to Infinity (left out)'], ['duplicateEntries', 'Duplicate entries (first kept)'],
    ['missingScores', 'Missing scores (taken as 0)'], ['invalidPredictionLines', 'Skipped prediction lines'],
    ['invalidPredictionEntries', 'Skipped prediction entries'], ['otherSplitRecords', 'Ground-truth records of other splits'],
    ['noSplitRecords', 'Ground-truth records without a split (evaluated)'], ['invalidGroundTruthRecords', 'Skipped ground-truth records'],
    ['invalidAnnotations', 'Skipped annotations']].forEach(function (card) {
    R.metric(inputs, card[0], card[1], count(v.skipped[card[0]]));
  });

  var select = document.getElementById('timeline-video');
  v.timelines.forEach(function (t, i) { select.appendChild(el('option', { value: i }, t.name)); });
  var prev = document.getElementById('timeline-prev'), next = document.getElementById('timeline-next');
  var container = document.getElementById('timeline');

  function seconds(t) { return (Math.round(t * 1000) / 1000) + ' s'; }
  function tickStep(end) {
    var steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
    for (var i = 0; i < steps.length; i++) if (end / steps[i] <= 20) return steps[i];
    return 1200;
  }

  function render() {
    var t = v.timelines[state.video];
    select.value = String(state.video);
    prev.disabled = state.video === 0;
    next.disabled = state.video >= v.timelines.length - 1;
    var status = 'Video ' + (state.video + 1) + ' of ' + count(v.timelines.length);
    if (v.videoCount > v.timelines.length) status += ' (the first ' + count(v.timelines.length) + ' of ' + count(v.videoCount) + ' videos are in this report)';
    document.getElementById('timeline-status').textContent = status + '.';
    container.setAttribute('aria-label', 'Timeline of ' + t.name);
    R.clear(container);
    // Labels drawn: those annotated in the video or predicted in one of its units at the threshold.
    var shown = [];
    c.labels.forEach(function (name, j) {
      var truth = t.truth.some(function (a) { return a[0] === j; });
      var predicted = t.units.some(function (u) { return u[2][j] >= state.k; });
      if (truth || predicted) shown.push(j);
    });
    var pxPerSecond = Math.max(MIN_PX_PER_SECOND, (Math.max(600, container.clientWidth) - LABEL_WIDTH - 20) / t.end);
    var width = LABEL_WIDTH + t.end * pxPerSecond + 20, height = AXIS + shown.length * ROW + 6;
    var x = function (s) { return LABEL_WIDTH + s * pxPerSecond; };
    var root = svg('svg', { class: 'timeline', width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img',
      'aria-label': 'Ground truth and predictions of ' + t.name + ' at threshold ' + c.thresholds[state.k] });
    root.appendChild(svg('defs', null, svg('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 6, height: 6, fill: '#E69F00' }), svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#8a5f00', 'stroke-width': 2 }))));
    var step = tickStep(t.end);
    for (var s = 0; s <= t.end + 1e-9; s += step) {
      root.appendChild(svg('line', { x1: x(s), y1: AXIS - 4, x2: x(s), y2: height, class: 'tick' }));
      root.appendChild(svg('text', { x: x(s), y: AXIS - 8, 'text-anchor': 'middle', class: 'tick-label' }, s + ' s'));
    }
    shown.forEach(function (j, r) {
      var y = AXIS + r * ROW;
      root.appendChild(svg('g', null, svg('title', null, c.labels[j]), svg('text', { x: 4, y: y + ROW / 2 + 4, class: 'row-label' }, c.labels[j])));
      t.truth.forEach(function (a) {
        if (a[0] !== j) return;
        root.appendChild(svg('rect', { x: x(a[1]), y: y + 3, width: Math.max(1, (a[2] - a[1]) * pxPerSecond), height: 11, class: 'truth' },
          svg('title', null, c.labels[j] + ' (ground truth): ' + seconds(a[1]) + ' – ' + seconds(a[2]))));
      });
      t.units.forEach(function (u) {
        if (u[2][j] < state.k) return;
        root.appendChild(svg('rect', { x: x(u[0]), y: y + 16, width: Math.max(1, (u[1] - u[0]) * pxPerSecond), height: 11, class: 'predicted', fill: 'url(#hatch)' },
          svg('title', null, c.labels[j] + ' (predicted, score ' + fixed(u[3][j], 3) + '): ' + seconds(u[0]) + ' – ' + seconds(u[1]))));
      });
    });
    if (shown.length === 0) container.appendChild(el('p', { class: 'help' }, 'Nothing annotated or predicted in this video at this threshold.'));
    container.appendChild(root);
    // A label longer than its column is shortened with an ellipsis (its title has the whole label), not drawn over the bars.
    Array.prototype.forEach.call(root.querySelectorAll('text.row-label'), function (text) { R.fitText(text, LABEL_WIDTH - 10); });
  }

  select.addEventListener('change', function () { state.video = Number(select.value); render(); });
  prev.addEventListener('click', function () { state.video = Math.max(0, state.video - 1); render(); });
  next.addEventListener('click', function () { state.video = Math.min(v.timelines.length - 1, state.video + 1); render(); });
  R.onThreshold(function (k) {
    state.k = k;
    temporal.textContent = fixed(v.temporalIoU[k]);
    if (v.timelines.length > 0) render();
  });
})(window.AutoMLEvalReport);
