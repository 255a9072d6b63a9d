// Shared runtime of the AutoMLEval report: reads the embedded data and offers safe DOM helpers to the task parts.
// Every string from the data reaches the page as a text node or an attribute value, never as markup.
(function () {
  'use strict';
  var R = (window.AutoMLEvalReport = {});
  R.data = JSON.parse(document.getElementById('report-data').textContent);

  // el('td', {class: 'x'}, 'text', childNode): attributes via setAttribute, children as text nodes or nodes.
  R.el = function (tag, attributes) {
    var node = document.createElement(tag);
    if (attributes) {
      Object.keys(attributes).forEach(function (name) {
        if (attributes[name] !== null && attributes[name] !== undefined) node.setAttribute(name, String(attributes[name]));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    }
    return node;
  };

  // The threshold slider belongs to the classification part; other parts (video timelines) follow it through these.
  var thresholdListeners = [];
  R.threshold = null;
  R.onThreshold = function (listener) {
    thresholdListeners.push(listener);
    if (R.threshold !== null) listener(R.threshold);
  };
  R.thresholdChanged = function (k) {
    R.threshold = k;
    thresholdListeners.forEach(function (listener) { listener(k); });
  };

  // An SVG element (el() makes HTML ones): attributes via setAttribute, a string child as a text node.
  R.svg = function (tag, attributes) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, String(attributes[name])); });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    }
    return node;
  };

  // A unit-square SVG chart (both axes 0 to 1) with its grid, tick labels and axis titles: {root, px, py} to draw into.
  R.unitChart = function (className, label, xTitle, yTitle) {
    var W = 520, H = 340, L = 48, B = 36, T = 10, RM = 12;
    var px = function (v) { return L + v * (W - L - RM); };
    var py = function (v) { return T + (1 - v) * (H - T - B); };
    var root = R.svg('svg', { class: 'boxes ' + className, width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': label });
    for (var v = 0; v <= 1.0001; v += 0.2) {
      root.appendChild(R.svg('line', { x1: px(v), y1: T, x2: px(v), y2: H - B, class: 'tick' }));
      root.appendChild(R.svg('line', { x1: L, y1: py(v), x2: W - RM, y2: py(v), class: 'tick' }));
      root.appendChild(R.svg('text', { x: px(v), y: H - B + 14, 'text-anchor': 'middle', class: 'tick-label' }, v.toFixed(1)));
      root.appendChild(R.svg('text', { x: L - 6, y: py(v) + 4, 'text-anchor': 'end', class: 'tick-label' }, v.toFixed(1)));
    }
    root.appendChild(R.svg('text', { x: (L + W) / 2, y: H - 4, 'text-anchor': 'middle', class: 'tick-label' }, xTitle));
    root.appendChild(R.svg('text', { x: 12, y: (T + H - B) / 2, 'text-anchor': 'middle', class: 'tick-label', transform: 'rotate(-90 12 ' + ((T + H - B) / 2) + ')' }, yTitle));
    return { root: root, px: px, py: py };
  };

  // A label as an isolated run of text, so that a right-to-left label keeps the score or comma after it on its right:
  // <bdi> in HTML, a tspan of class "bidi" (unicode-bidi: isolate) in SVG text.
  R.bidi = function (text) { return R.el('bdi', null, text); };
  R.svgBidi = function (text) { return R.svg('tspan', { class: 'bidi' }, text); };

  // Shortens an SVG text element's text (once drawn, so that it can be measured) with an ellipsis until it is at most
  // maxWidth wide; returns whether it had to. Whole characters (code points) are kept.
  R.fitText = function (text, maxWidth) {
    if (text.getComputedTextLength() <= maxWidth) return false;
    var chars = Array.from(text.textContent), low = 0, high = chars.length;
    while (low < high) {
      var middle = Math.ceil((low + high) / 2);
      text.textContent = chars.slice(0, middle).join('') + '\u2026';
      if (text.getComputedTextLength() <= maxWidth) low = middle; else high = middle - 1;
    }
    text.textContent = chars.slice(0, low).join('') + '\u2026';
    return true;
  };

  R.clear = function (node) { while (node.firstChild) node.removeChild(node.firstChild); return node; };

  // Fixed decimals, "—" for an undefined value (null in the data is NaN in the engine).
  R.fixed = function (value, digits) {
    return value === null || value === undefined ? '—' : Number(value).toFixed(digits === undefined ? 4 : digits);
  };

  R.count = function (value) { return Number(value).toLocaleString('en-US'); };
  // A count and its noun, singular for one: '1 image', '14 images'.
  R.plural = function (n, noun) { return R.count(n) + ' ' + noun + (Number(n) === 1 ? '' : 's'); };

  // The images a part looked for (ReportImages' counts), every one accounted for: shown, shown by name (of which not found
  // in the folder), or skipped, named by the engine's reasons ("0 unreadable", "1 too large": SkippedImages).
  R.imageCountsText = function (counts) {
    return R.count(counts.embedded) + ' shown, ' + R.count(counts.notShown) + ' by name (' + R.count(counts.notFound) + ' not found), '
      + counts.skipped.map(function (s) { return R.count(s.images) + ' ' + s.reason; }).join(', ');
  };

  // A figure card in a <dl class="metrics"> list; returns its <dd> (data-metric = name) for a live card (one that follows
  // the slider) to update. A note, when given, says in a line under the value what the figure means.
  R.metric = function (list, name, title, value, live, note) {
    var dd = R.el('dd', { 'data-metric': name }, value);
    list.appendChild(R.el('div', live ? { class: 'live' } : null, R.el('dt', null, title), dd,
      note ? R.el('dd', { class: 'note', 'data-note': name }, note) : null));
    return dd;
  };

  // The live cards every task's slider moves: precision, recall and F1 at the threshold, and the counts behind them.
  // show(sweep, k) writes a sweep's figures (arrays precision, recall, f1, tp, fp, fn) at grid index k.
  R.thresholdCards = function (list) {
    var cards = {
      precision: R.metric(list, 'precision', 'Precision at threshold', '', true),
      recall: R.metric(list, 'recall', 'Recall at threshold', '', true),
      f1: R.metric(list, 'f1', 'F1 at threshold', '', true),
      tp: R.metric(list, 'tp', 'True positives', '', true),
      fp: R.metric(list, 'fp', 'False positives', '', true),
      fn: R.metric(list, 'fn', 'False negatives', '', true)
    };
    return {
      show: function (sweep, k) {
        ['precision', 'recall', 'f1'].forEach(function (name) { cards[name].textContent = R.fixed(sweep[name][k]); });
        ['tp', 'fp', 'fn'].forEach(function (name) { cards[name].textContent = R.count(sweep[name][k]); });
      }
    };
  };

  // The threshold slider (#threshold, its value in #threshold-value) over a task's grid, starting at index initial: it
  // shows text(threshold) and calls moved(k) on every move.
  R.thresholdSlider = function (thresholds, initial, text, moved) {
    var slider = document.getElementById('threshold'), output = document.getElementById('threshold-value');
    slider.max = String(thresholds.length - 1);
    slider.value = String(initial);
    function show(k) {
      var value = text(thresholds[k]);
      output.textContent = value;
      slider.setAttribute('aria-valuetext', value);
    }
    slider.addEventListener('input', function () {
      var k = Number(slider.value);
      show(k);
      moved(k);
    });
    show(initial);
  };

  // A confusion matrix as a heat-map table: m.rows × m.columns counts (row-major) with row shares in percent, diagonal
  // cells (m.diagonal(row, column)) blue and confusions orange. A cell with a count that m.opens(index) accepts is a
  // button (mouse or keyboard) calling m.open(index); m.what(index) says what it shows.
  // A heading is cut after three lines with an ellipsis (CSS), whole in its tooltip and to screen readers, so that a
  // 300-letter label does not make its column a screen high or its row push the matrix off the page.
  R.confusionTable = function (table, m) {
    var columns = m.columns.length;
    function heading(scope, name) { return R.el('th', { scope: scope, title: name }, R.el('span', { class: 'heading' }, name)); }
    var head = R.el('tr', null, R.el('th', { scope: 'col' }, 'true \u2193 / predicted \u2192'));
    m.columns.forEach(function (name) { head.appendChild(heading('col', name)); });
    table.appendChild(R.el('thead', null, head));
    var body = R.el('tbody');
    m.rows.forEach(function (rowName, r) {
      var row = R.el('tr', null, heading('row', rowName));
      for (var col = 0; col < columns; col++) {
        var index = r * columns + col, n = m.counts[index], share = m.percent[index];
        var diagonal = m.diagonal(r, col), title = rowName + ' \u2192 ' + m.columns[col];
        var content = [R.count(n), n === 0 ? null : R.el('span', { class: 'pct' }, share.toFixed(1) + '%')];
        var cell = n > 0 && m.opens(index)
          ? R.el('td', { title: title }, cellButton(index, title + ': ' + m.what(index), content))
          : R.el('td', { title: title }, content[0], content[1]);
        var alpha = n === 0 ? 0 : 0.12 + 0.88 * share / 100;
        cell.style.backgroundColor = diagonal ? 'rgba(0,114,178,' + alpha + ')' : 'rgba(230,159,0,' + alpha + ')';
        if (n === 0) cell.className = 'zero';
        else if (diagonal && alpha > 0.55) cell.className = 'dark';
        row.appendChild(cell);
      }
      body.appendChild(row);
    });
    table.appendChild(body);
    function cellButton(index, label, content) {
      var button = R.el('button', { type: 'button', class: 'cell-link', 'data-cell': index, 'aria-label': label }, content[0], content[1]);
      button.addEventListener('click', function () { m.open(index); });
      return button;
    }
  };

  // A table whose column headings sort it: columns [{title, value(row), text(row), numeric}], keyboard operable (buttons).
  R.sortableTable = function (table, columns, initialColumn, initialDescending) {
    var state = { column: initialColumn || 0, descending: !!initialDescending, rows: [] };
    var head = R.el('thead');
    var headRow = R.el('tr');
    columns.forEach(function (column, c) {
      var button = R.el('button', { type: 'button' }, column.title);
      button.addEventListener('click', function () {
        state.descending = state.column === c ? !state.descending : !!column.numeric;
        state.column = c;
        render();
      });
      headRow.appendChild(R.el('th', { scope: 'col' }, button));
    });
    head.appendChild(headRow);
    var body = R.el('tbody');
    table.appendChild(head);
    table.appendChild(body);
    function render() {
      var column = columns[state.column];
      var sorted = state.rows.slice().sort(function (a, b) {
        var x = column.value(a), y = column.value(b);
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        var order = typeof x === 'string' ? x.localeCompare(y) : x - y;
        return state.descending ? -order : order;
      });
      Array.prototype.forEach.call(headRow.children, function (th, c) {
        th.setAttribute('aria-sort', c === state.column ? (state.descending ? 'descending' : 'ascending') : 'none');
      });
      R.clear(body);
      sorted.forEach(function (row) {
        var tr = R.el('tr');
        columns.forEach(function (column, c) { tr.appendChild(R.el(c === 0 ? 'th' : 'td', c === 0 ? { scope: 'row' } : null, column.text(row))); });
        body.appendChild(tr);
      });
    }
    return { setRows: function (rows) { state.rows = rows; render(); } };
  };

  // A line chart (uPlot) that fills its container's width and follows window resizes. Its legend shows the values at
  // restingIndex() (the slider's point) whenever the cursor is not over the chart, rather than uPlot's "--".
  R.lineChart = function (container, options, data, restingIndex) {
    var width = function () { return Math.max(280, container.clientWidth); };
    options.width = width();
    options.height = options.height || 300;
    options.hooks = options.hooks || {};
    options.hooks.setCursor = (options.hooks.setCursor || []).concat(function (u) { if (u.cursor.idx == null) u.setLegend({ idx: restingIndex() }); });
    var chart = new uPlot(options, data, container);
    chart.showResting = function () { if (chart.cursor.idx == null) chart.setLegend({ idx: restingIndex() }); };
    chart.showResting();
    window.addEventListener('resize', function () { chart.setSize({ width: width(), height: options.height }); });
    return chart;
  };

  // Marks the page interactive once every part's script has run and the frame they built is painted (a task queued
  // from the next animation frame runs after that paint); tests and the benchmark wait for it and read the time.
  document.addEventListener('DOMContentLoaded', function () {
    requestAnimationFrame(function () {
      setTimeout(function () {
        R.interactiveAt = performance.now();
        document.documentElement.setAttribute('data-ready', 'true');
      }, 0);
    });
  });
})();
