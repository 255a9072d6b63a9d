// Drives an AutoMLEval HTML report in Debian's headless Chromium (playwright-core) and prints what it saw as JSON.
// The xunit tests (tests/AutoMLEval.Tests/Reports) and the report benchmark run it; it asserts nothing itself.
//
//   node check-report.mjs --report FILE [--threshold 0.8] [--gallery-label N --gallery-outcome tp|fp|fn]
//                         [--open-similar true] [--enlarge true] [--enlarge-comparison true] [--enlarge-slice true]
//                         [--confusion-cell INDEX] [--timeline-video N] [--iou TEXT]
//                         [--screenshots DIR [--prefix report]] [--loads N] [--width PX]
//
// Every request other than the page itself is recorded and aborted; console errors, page errors and dialogs
// (alert, confirm, prompt) are recorded.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!args.report) throw new Error('--report FILE is required');
const pageUrl = pathToFileURL(path.resolve(args.report)).href;
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const profile = mkdtempSync(path.join(tmpdir(), 'automl-eval-chromium-'));

const seen = { consoleErrors: [], pageErrors: [], requests: [], dialogs: [] };
const browser = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: Number(args.width || 1280), height: 800 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const page = browser.pages()[0] || await browser.newPage();
  page.on('console', (message) => { if (message.type() === 'error') seen.consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => seen.pageErrors.push(String(error)));
  page.on('dialog', async (dialog) => { seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`); await dialog.dismiss(); });
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === pageUrl) return route.continue();
    seen.requests.push(url);
    return route.abort();
  });

  const loads = Number(args.loads || 1);
  seen.interactiveMs = [];
  for (let n = 0; n < loads; n++) {
    await page.goto(pageUrl, { waitUntil: 'load' });
    await page.waitForSelector('html[data-ready=true]', { timeout: 30000 });
    // Interactive: the page's scripts have run and painted (measured inside the page, from navigation start).
    seen.interactiveMs.push(await page.evaluate(() => window.AutoMLEvalReport.interactiveAt));
  }
  seen.navigation = await page.evaluate(() => {
    const entry = performance.getEntriesByType('navigation')[0];
    return { responseEnd: entry.responseEnd, domInteractive: entry.domInteractive, domContentLoadedEventEnd: entry.domContentLoadedEventEnd };
  });
  seen.title = await page.title();
  // Layout at the viewport's width: how far the page scrolls sideways, and the narrowest first column (the names) of a
  // shown table, in CSS pixels.
  seen.layout = await page.evaluate(() => ({
    horizontalOverflow: document.documentElement.scrollWidth - innerWidth,
    narrowestFirstColumn: Math.min(...Array.from(document.querySelectorAll('tbody tr:first-child > :first-child'), (n) => n.getBoundingClientRect().width).filter((w) => w > 0)),
    // The sticky slider bar's height: what it hides of every screen scrolled under it.
    thresholdBarHeight: document.querySelector('.threshold-bar') ? document.querySelector('.threshold-bar').getBoundingClientRect().height : 0,
    // The tallest confusion matrix heading and the widest row heading (a long label's are cut after three lines).
    confusionHeadingHeight: Math.max(0, ...Array.from(document.querySelectorAll('#confusion-table thead th'), (n) => n.getBoundingClientRect().height)),
    confusionRowHeadingWidth: Math.max(0, ...Array.from(document.querySelectorAll('#confusion-table tbody th'), (n) => n.getBoundingClientRect().width)),
  }));
  seen.summary = await page.$$eval('dd[data-metric]', (nodes) => Object.fromEntries(nodes.map((n) => [n.getAttribute('data-metric'), n.textContent])));
  // Each card's title (its <dt>), by the card's name.
  seen.summaryTitles = await page.$$eval('dd[data-metric]', (nodes) => Object.fromEntries(nodes.map((n) => [n.getAttribute('data-metric'), n.parentNode.querySelector('dt').textContent])));
  // The line under a card that says what its figure means, by the card's name.
  seen.notes = await page.$$eval('dd[data-note]', (nodes) => Object.fromEntries(nodes.map((n) => [n.getAttribute('data-note'), n.textContent])));
  seen.labelOptions = await page.$$eval('#gallery-label option', (nodes) => nodes.map((n) => n.textContent));
  seen.labelTableLabels = await page.$$eval('#label-table tbody th', (nodes) => nodes.map((n) => n.textContent));
  seen.confusionHeadings = await page.$$eval('#confusion-table thead th', (nodes) => nodes.map((n) => n.textContent));
  // The tooltips of the matrix's label headings, columns then rows.
  seen.confusionHeadingTitles = await page.$$eval('#confusion-table th[title]', (nodes) => nodes.map((n) => n.title));
  // Each confusion cell's count (the text before its share), row by row.
  seen.confusionCounts = await page.$$eval('#confusion-table tbody tr', (rows) => rows.map((row) =>
    Array.from(row.querySelectorAll('td'), (td) => Number((td.querySelector('.cell-link') || td).firstChild.textContent.replace(/,/g, '')))));
  seen.confusionTitle = await page.$eval('#confusion h2', (n) => n.textContent).catch(() => null);
  seen.confusionHelp = await page.$eval('#confusion-help', (n) => n.textContent).catch(() => null);
  seen.thresholdHelp = await page.textContent('#threshold-help');
  // Each chart's legend as shown with the cursor away from the charts: series label → value text.
  const legends = () => page.$$eval('.chart .u-legend', (tables) => tables.map((table) => Object.fromEntries(
    Array.from(table.querySelectorAll('tr.u-series'), (row) => [row.querySelector('.u-label').textContent, row.querySelector('.u-value').textContent]))));
  seen.legendsAtLoad = await legends();
  seen.reliabilityBins = await page.$$eval('#reliability-chart rect.bin title', (nodes) => nodes.map((n) => n.textContent));
  if (args.screenshots && await page.$('#calibration')) {
    await page.evaluate(() => document.getElementById('calibration').scrollIntoView());
    await page.screenshot({ path: path.join(args.screenshots, `${args.prefix || 'report'}-calibration.png`) });
  }
  seen.sliceRows = await page.$$eval('#slice-table tbody tr', (rows) => rows.map((row) => Array.from(row.children, (c) => c.textContent)));
  seen.sliceTitle = await page.$eval('#slices h2', (n) => n.textContent).catch(() => null);
  seen.labelTableOrder = await page.$$eval('#label-table tbody th', (nodes) => nodes.map((n) => n.textContent));
  seen.labelTableSort = await page.$$eval('#label-table thead th', (nodes) => nodes.map((n) => n.getAttribute('aria-sort')));
  seen.foreignElements = await page.$$eval('img:not([src^="data:"]), svg:not(.u-over svg):not(svg.timeline):not(svg.boxes), iframe, object, embed', (nodes) => nodes.length);
  seen.thresholdAtLoad = await page.textContent('#threshold-value');

  if (args.screenshots) {
    await page.screenshot({ path: path.join(args.screenshots, `${args.prefix || 'report'}-summary.png`) });
  }
  // Each error slice's figures and the items of its examples, in page order.
  seen.errorSliceSummary = await page.$eval('#error-slice-summary', (n) => n.textContent).catch(() => null);
  seen.errorSlices = await page.$$eval('#error-slice-list article', (nodes) => nodes.map((n) => ({
    size: n.querySelector('[data-metric="size"]').textContent,
    errorRate: n.querySelector('[data-metric="errorRate"]').textContent,
    interval: n.querySelector('[data-metric="interval"]').textContent,
    examples: Array.from(n.querySelectorAll('.slice-examples > figure'), (f) => f.getAttribute('data-item')),
    nearestTraining: Array.from(n.querySelectorAll('.slice-examples > figure li'), (li) => li.getAttribute('data-item')),
    images: n.querySelectorAll('img').length,
  })));
  // The comparison: each metric row's cells, the summary line, and the fixed and broken galleries' items.
  seen.comparisonSummary = await page.$eval('#comparison-summary', (n) => n.textContent).catch(() => null);
  seen.comparisonRows = await page.$$eval('#comparison-table tbody tr', (rows) => rows.map((row) => Array.from(row.children, (c) => c.textContent)));
  seen.comparisonGalleries = await page.$$eval('#comparison .gallery', (nodes) => nodes.map((n) => ({
    id: n.id,
    items: Array.from(n.querySelectorAll('figure'), (f) => f.getAttribute('data-item')),
    images: n.querySelectorAll('img').length,
  })));
  if (args.screenshots && seen.comparisonRows.length) {
    await page.evaluate(() => document.getElementById('comparison').scrollIntoView());
    await page.screenshot({ path: path.join(args.screenshots, `${args.prefix || 'report'}-comparison.png`) });
    await page.evaluate(() => window.scrollTo(0, 0));
  }
  if (args.screenshots && seen.errorSlices.length) {
    await page.evaluate(() => document.getElementById('error-slices').scrollIntoView());
    await page.screenshot({ path: path.join(args.screenshots, `${args.prefix || 'report'}-error-slices.png`) });
    await page.evaluate(() => window.scrollTo(0, 0));
  }

  if (args.threshold) {
    // Keyboard only: focus the slider and press the arrow keys until it shows the wanted threshold.
    await page.focus('#threshold');
    const wanted = Number(args.threshold);
    for (let presses = 0; presses < 2000; presses++) {
      const shown = Number(await page.textContent('#threshold-value'));
      if (Math.abs(shown - wanted) < 1e-9) break;
      await page.keyboard.press(shown < wanted ? 'ArrowRight' : 'ArrowLeft');
    }
    seen.threshold = await page.textContent('#threshold-value');
    // Hover the middle of a chart, then leave it: the legend goes back to the slider's values.
    if (await page.locator('#threshold-chart .u-over').count() > 0) {
      await page.locator('#threshold-chart .u-over').hover();
      seen.legendsHovered = await legends();
      await page.mouse.move(2, 2);
      seen.legendsAfterHover = await legends();
    }
    seen.atThreshold = await page.$$eval('.live dd[data-metric]', (nodes) => Object.fromEntries(nodes.map((n) => [n.getAttribute('data-metric'), n.textContent])));
    // The label table at the threshold: its headings and each row's cells, label first, in the order shown.
    seen.labelTableHeadings = await page.$$eval('#label-table thead th', (nodes) => nodes.map((n) => n.textContent));
    seen.labelTableRows = await page.$$eval('#label-table tbody tr', (rows) => rows.map((row) => Array.from(row.children, (c) => c.textContent)));
  }

  if (args['timeline-video'] !== undefined) {
    // Keyboard only: focus the video list and step down to the wanted video, then scroll the timeline with the arrow keys.
    await page.focus('#timeline-video');
    for (let presses = 0; presses < 10000; presses++) {
      if (await page.inputValue('#timeline-video') === String(args['timeline-video'])) break;
      await page.keyboard.press('ArrowDown');
    }
    const timeline = () => page.evaluate(() => ({
      video: document.querySelector('#timeline-video option:checked').textContent,
      rows: Array.from(document.querySelectorAll('#timeline svg.timeline text.row-label'), (n) => n.textContent),
      rowTitles: Array.from(document.querySelectorAll('#timeline svg.timeline text.row-label'), (n) => (n.parentNode.querySelector('title') || {}).textContent),
      // Row labels whose text runs past the label column into the bars (the first tick, 0 s, is the column's edge).
      rowLabelsPastColumn: Array.from(document.querySelectorAll('#timeline svg.timeline text.row-label'), (n) => n.getBBox().x + n.getBBox().width)
        .filter((right) => right > document.querySelector('#timeline svg.timeline line.tick').x1.baseVal.value).length,
      truth: document.querySelectorAll('#timeline rect.truth').length,
      predicted: document.querySelectorAll('#timeline rect.predicted').length,
      status: document.getElementById('timeline-status').textContent,
      scrollLeft: document.getElementById('timeline').scrollLeft,
    }));
    seen.timeline = await timeline();
    await page.focus('#timeline');
    for (let presses = 0; presses < 5; presses++) await page.keyboard.press('ArrowRight');
    seen.timeline.scrolledBy = (await timeline()).scrollLeft;
    if (args.screenshots) {
      await page.evaluate(() => { document.getElementById('timeline').scrollLeft = 0; document.getElementById('timelines').scrollIntoView(); });
      await page.screenshot({ path: path.join(args.screenshots, `${args.prefix || 'report'}-timeline.png`) });
    }
  }

  if (args['gallery-label'] !== undefined) {
    await page.selectOption('#gallery-label', String(args['gallery-label']));
    await page.click(`#gallery-outcome button[data-outcome="${args['gallery-outcome'] || 'fp'}"]`);
    const pageOf = async () => ({
      page: await page.textContent('#gallery-page'),
      status: await page.textContent('#gallery-status'),
      items: await page.$$eval('#gallery figure', (nodes) => nodes.map((n) => n.getAttribute('data-item'))),
      images: await page.$$eval('#gallery figure img', (nodes) => nodes.filter((n) => n.complete && n.naturalWidth > 0).length),
      // Per card, its caption's lines with each label isolated (<bdi>) in brackets: 'top: [a] 0.700, [b] 0.200'.
      captions: await page.$$eval('#gallery figure figcaption', (nodes) => nodes.map((n) => Array.from(n.children, (line) =>
        Array.from(line.childNodes, (c) => (c.nodeName === 'BDI' ? '[' + c.textContent + ']' : c.textContent)).join('')))),
    });
    seen.galleryFirst = await pageOf();
    if (args['open-similar']) {
      // Keyboard: focus the first card's "similar training images" and open it with Enter.
      const summary = page.locator('#gallery figure details.similar summary').first();
      await summary.focus();
      await page.keyboard.press('Enter');
      seen.similar = await page.$eval('#gallery figure', (figure) => ({
        item: figure.getAttribute('data-item'),
        open: figure.querySelector('details.similar').open,
        neighbors: Array.from(figure.querySelectorAll('details.similar li'), (li) => ({
          item: li.getAttribute('data-item'),
          labels: li.querySelector('.labels').textContent,
          distance: li.querySelector('.distance').textContent,
          image: !!li.querySelector('img') && li.querySelector('img').complete && li.querySelector('img').naturalWidth > 0,
          visible: li.getBoundingClientRect().height > 0,
        })),
      }));
    }
    if (args.screenshots) {
      await page.locator('#galleries').scrollIntoViewIfNeeded();
      await page.evaluate(() => document.getElementById('galleries').scrollIntoView());
      await page.screenshot({ path: path.join(args.screenshots, 'report-gallery.png') });
      await page.evaluate(() => document.getElementById('curves').scrollIntoView());
      await page.screenshot({ path: path.join(args.screenshots, 'report-curves.png') });
      await page.evaluate(() => document.getElementById('confusion').scrollIntoView());
      await page.screenshot({ path: path.join(args.screenshots, 'report-confusion.png') });
    }
    if (await page.isEnabled('#gallery-next')) {
      await page.click('#gallery-next');
      seen.gallerySecond = await pageOf();
    }
  }
  if (await page.$('#error-table')) {
    // Detection: the error analysis shown (help, counts per kind, first row, the tags on the drawn boxes), at load and
    // after choosing the IoU option --iou VALUE with the keyboard.
    const errorView = () => page.evaluate(() => ({
      help: document.getElementById('error-help').textContent,
      counts: Object.fromEntries(Array.from(document.querySelectorAll('#error-counts div'), (n) => [n.querySelector('dt').textContent, n.querySelector('dd').textContent])),
      countsOverflow: Array.from(document.querySelectorAll('#error-counts div'), (n) => n.scrollWidth - n.clientWidth).filter((x) => x > 0).length,
      firstRow: Array.from(document.querySelectorAll('#error-table tbody tr:first-child > *'), (n) => n.textContent),
      showButtons: Array.from(document.querySelectorAll('#error-table tbody button'), (b) => b.getAttribute('aria-label') || b.textContent),
      heading: document.querySelector('#error-image h3') ? document.querySelector('#error-image h3').textContent : null,
      tags: Array.from(document.querySelectorAll('#error-image svg .tag'), (g) => [g.getAttribute('class'), g.querySelector('text').textContent]),
      // Tags whose text runs past their band, or whose band runs past the image (in the image's own units).
      tagsNotFitting: Array.from(document.querySelectorAll('#error-image svg .tag'), (g) => {
        const band = g.querySelector('rect').getBBox(), text = g.querySelector('text').getBBox(), frame = g.ownerSVGElement.viewBox.baseVal;
        return text.x < band.x || text.x + text.width > band.x + band.width || band.x < 0 || band.x + band.width > frame.width + 1e-6
          || band.y < 0 || band.y + band.height > frame.height + 1e-6;
      }).filter(Boolean).length,
      // Pairs of tags whose bands overlap (by more than a hundredth of a unit each way), which hides one's text.
      tagsOverlapping: ((bands) => bands.reduce((pairs, a, i) => pairs + bands.slice(i + 1).filter((b) =>
        Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.01 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.01).length, 0))(
        Array.from(document.querySelectorAll('#error-image svg .tag rect'), (r) => r.getBBox())),
      // Tags with a right-to-left label whose score is drawn left of the label (the bidi algorithm moving the number).
      tagsScoreLeftOfRtlLabel: Array.from(document.querySelectorAll('#error-image svg .tag text'), (t) => {
        const s = t.textContent, rtl = Array.from(s.matchAll(/[\u0590-\u08ff]/g), (m) => m.index);
        if (rtl.length === 0) return false;
        const digit = s.slice(rtl[rtl.length - 1]).search(/[0-9]/);
        if (digit < 0) return false;
        const x = t.getStartPositionOfChar(rtl[rtl.length - 1] + digit).x;
        return rtl.some((i) => t.getStartPositionOfChar(i).x > x);
      }).filter(Boolean).length,
      tagTitles: Array.from(document.querySelectorAll('#error-image svg .tag'), (g) => g.querySelector('title') ? g.querySelector('title').textContent : null),
      masks: Array.from(document.querySelectorAll('#error-image svg .masks > *'), (n) => [n.tagName, n.querySelector('title').textContent]),
      maskLegend: Array.from(document.querySelectorAll('#error-image .mask-legend [data-kind]'), (n) => n.getAttribute('data-kind')),
    }));
    seen.errorView = await errorView();
    if (args.screenshots) {
      await page.evaluate(() => document.getElementById('errors').scrollIntoView());
      await page.screenshot({ path: path.join(args.screenshots, `${args.prefix || 'report'}-errors.png`) });
    }
    if (args.iou !== undefined) {
      await page.focus('#iou');
      for (let presses = 0; presses < 10; presses++) {
        if (await page.$eval('#iou', (n) => n.options[n.selectedIndex].textContent) === args.iou) break;
        await page.keyboard.press('ArrowDown');
      }
      seen.errorViewAfterIou = await errorView();
    }
  }
  if (args['confusion-cell'] !== undefined) {
    // Keyboard: focus the cell's button and press Enter; the gallery shows the cell's images.
    await page.focus(`#confusion-table button[data-cell="${args['confusion-cell']}"]`);
    await page.keyboard.press('Enter');
    if (await page.$('#gallery')) {
      seen.cellGallery = {
        status: await page.textContent('#gallery-status'),
        page: await page.textContent('#gallery-page'),
        items: await page.$$eval('#gallery figure', (nodes) => nodes.map((n) => n.getAttribute('data-item'))),
        focused: await page.evaluate(() => document.activeElement.id),
        galleryInView: await page.evaluate(() => { const r = document.getElementById('gallery').getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }),
      };
    } else {
      // Detection: the cell's images listed, the first drawn with its boxes; then the last one chosen with the keyboard.
      const cellView = () => page.evaluate(() => ({
        status: document.getElementById('confusion-status').textContent,
        images: Array.from(document.querySelectorAll('#confusion-images button'), (b) => b.getAttribute('data-image')),
        heading: document.querySelector('#confusion-image h3') ? document.querySelector('#confusion-image h3').textContent : null,
        tags: Array.from(document.querySelectorAll('#confusion-image svg .tag'), (g) => [g.getAttribute('class'), g.querySelector('text').textContent]),
        focused: document.activeElement.id,
      }));
      seen.cellImages = await cellView();
      await page.focus('#confusion-images li:last-child button');
      await page.keyboard.press('Enter');
      seen.cellImagesLast = await cellView();
    }
    if (args.screenshots) await page.screenshot({ path: path.join(args.screenshots, `${args.prefix || 'report'}-confusion-cell.png`) });
  }
  if (args.enlarge) {
    // Keyboard: focus the first card's image button and press Enter; Escape closes the larger view.
    await page.focus('#gallery figure button.enlarge');
    await page.keyboard.press('Enter');
    seen.enlarged = await page.$eval('#item-dialog', (dialog) => ({
      open: dialog.open,
      title: dialog.querySelector('h3').textContent,
      imageWidth: dialog.querySelector('img') ? dialog.querySelector('img').getBoundingClientRect().width : 0,
      // How far the dialog's content runs past its box (its image wider than a narrow screen's dialog).
      overflow: dialog.scrollWidth - dialog.clientWidth,
      truth: dialog.querySelector('.item-view p').textContent,
      scores: Array.from(dialog.querySelectorAll('.scores tbody tr'), (tr) => [tr.querySelector('th').textContent, tr.querySelector('td').textContent, tr.className]),
    }));
    if (args.screenshots) await page.screenshot({ path: path.join(args.screenshots, `${args.prefix || 'report'}-enlarged.png`) });
    await page.keyboard.press('Escape');
    seen.enlarged.openAfterEscape = await page.$eval('#item-dialog', (dialog) => dialog.open);
    seen.enlarged.focusAfterEscape = await page.evaluate(() => document.activeElement.className);
  }
  // Keyboard: focus a card's image button (selector) and press Enter; read the larger view (its title, image width and
  // the first line beside the image, plus what read(dialog) adds); Escape closes it. focusAfterEscape: the card's item.
  const enlargeWithKeyboard = async (selector, read) => {
    await page.focus(selector);
    await page.keyboard.press('Enter');
    const view = Object.assign(await page.$eval('#item-dialog', (dialog) => ({
      open: dialog.open,
      title: dialog.querySelector('h3').textContent,
      imageWidth: dialog.querySelector('img') ? dialog.querySelector('img').getBoundingClientRect().width : 0,
      firstLine: dialog.querySelector('.item-view p').textContent,
    })), await page.$eval('#item-dialog', read));
    await page.keyboard.press('Escape');
    view.openAfterEscape = await page.$eval('#item-dialog', (dialog) => dialog.open);
    view.focusAfterEscape = await page.evaluate(() => document.activeElement.closest('figure') && document.activeElement.closest('figure').getAttribute('data-item'));
    return view;
  };
  if (args['enlarge-comparison']) {
    // The first fixed card: both models' top labels and scores.
    seen.comparisonEnlarged = await enlargeWithKeyboard('#comparison-fixed figure button.enlarge', (dialog) => ({
      openerLabel: document.querySelector('#comparison-fixed figure button.enlarge').getAttribute('aria-label'),
      rows: Array.from(dialog.querySelectorAll('.scores tbody tr'), (tr) => Array.from(tr.children, (c) => c.textContent).concat(tr.className)),
    }));
  }
  if (args['enlarge-slice']) {
    // The first error slice's first example: its nearest training images.
    seen.sliceEnlarged = await enlargeWithKeyboard('#error-slice-list .slice-examples > figure button.enlarge', (dialog) => ({
      nearestTraining: Array.from(dialog.querySelectorAll('.similar-list li'), (li) => li.getAttribute('data-item')),
    }));
  }
  seen.dialogsAfterWait = await page.waitForTimeout(200).then(() => seen.dialogs.length);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(seen) + '\n');
