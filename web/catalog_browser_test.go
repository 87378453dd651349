package web_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"govmedia/catalog"
	"govmedia/web/sandbox/browsertest"
)

// TestACatalogIsReadSearchedAndDownloadedInABrowser loads a catalog page in
// a headless Chromium at a phone's width (390 px) and a desktop's, checks
// that nothing overflows the screen and no name wraps a character a line,
// searches it with 低保, and downloads the official template, which must be
// an xlsx holding the catalog's items. Screenshots are kept (see
// browsertest.Screenshot).
func TestACatalogIsReadSearchedAndDownloadedInABrowser(t *testing.T) {
	ctx := browsertest.New(t) // skips without a Chromium
	s := newSite(t)
	items := append(assistance(), many(60)...)
	s.publish(t, "km.wuhua", "social-assistance", items)
	domains, err := s.Registry.Domains(s.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, screen := range []struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch}},
		{"desktop", 1280, 860, nil},
	} {
		b := &catalogBrowser{t: t, ctx: ctx, base: s.URL, screen: screen.name}
		b.do("set the screen", chromedp.EmulateViewport(screen.width, screen.height, screen.opts...))
		b.readThePage()
		b.searchIt()
		b.download(catalog.TemplateOptions{Domains: domains}, items)
	}
}

// catalogBrowser is one walk through the catalog pages at one width.
type catalogBrowser struct {
	t      *testing.T
	ctx    context.Context
	base   string
	screen string
}

const browserStep = 20 * time.Second

// readThePage opens the list of governments, follows it to the domain's
// page and checks the layout of each.
func (b *catalogBrowser) readThePage() {
	b.t.Helper()
	// Headless Chromium asks for English whatever its --lang: the walk asks
	// for the default, Chinese, and the links and the form carry it on.
	b.do("open the catalogs", chromedp.Navigate(b.base+"/catalogs?lang=zh"))
	b.waitFor("the governments listed", `document.querySelectorAll('.gov').length === 17`)
	b.checkLayout("the list of governments")
	b.shot("0-governments")
	b.do("open 五华区", chromedp.Click(chromedp.CSS(`a[href="/catalogs/km.wuhua?lang=zh"]`)))
	b.waitFor("五华区's domains", `document.querySelectorAll('.domain').length === 26`)
	b.checkLayout("the government's page")
	b.do("open 社会救助", chromedp.Click(chromedp.CSS(`a[href="/catalogs/km.wuhua/social-assistance?lang=zh"]`)))
	b.waitFor("the items shown", `document.querySelectorAll('.item').length > 10 && document.querySelector('h1').textContent.includes('社会救助')`)
	b.checkLayout("the catalog page")
	b.shot("1-catalog")
}

// searchIt types 低保 in the search box and sends it: the two items that
// hold it are listed with 低保 marked.
func (b *catalogBrowser) searchIt() {
	b.t.Helper()
	b.do("search 低保", chromedp.SendKeys(chromedp.ID("q"), "低保\n"))
	b.waitFor("the hits of 低保", `location.search.includes('q=') && document.querySelector('h2').textContent.includes('检索“低保”的结果') && `+
		`document.querySelectorAll('.hit').length === 2 && `+
		`[...document.querySelectorAll('.hit mark')].every(m => m.textContent === '低保') && document.querySelectorAll('.hit mark').length >= 2`)
	b.checkLayout("the search's page")
	b.shot("2-search")
	b.do("open the first hit", chromedp.Click(chromedp.CSS(".hit h3 a")))
	b.waitFor("the hit's item on its catalog page", `location.hash === '#item-1' && document.getElementById('item-1') !== null`)
}

// download clicks the catalog's Excel download and reads the file.
func (b *catalogBrowser) download(opts catalog.TemplateOptions, want []catalog.Item) {
	b.t.Helper()
	dir := b.t.TempDir()
	b.do("back to the catalog", chromedp.Navigate(b.base+"/catalogs/km.wuhua/social-assistance?lang=zh"))
	b.waitFor("the download link", `document.querySelector('a[href$=".xlsx"]') !== null`)
	ctx, cancel := context.WithTimeout(b.ctx, browserStep)
	defer cancel()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	allow := true
	if _, err := chromedp.Call(b.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &allow}); err != nil {
		b.t.Fatalf("%s: allowing downloads: %v", b.screen, err)
	}
	b.do("download the template", chromedp.Click(chromedp.CSS(`a[href$=".xlsx"]`)))
	var file string
	for ev, err := range progress {
		if err != nil {
			b.t.Fatalf("%s: waiting for the download: %v", b.screen, err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(dir, ev.GUID)
			break
		}
	}
	data, err := os.ReadFile(file)
	if err != nil || !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		b.t.Fatalf("%s: the downloaded file %q: %v, %d bytes; want an xlsx (a zip)", b.screen, file, err, len(data))
	}
	p, err := catalog.ParseTemplate("download.xlsx", data, opts)
	if err != nil || len(p.Domains) != 1 || !sameItems(p.Domains[0].Items, want) {
		b.t.Fatalf("%s: the downloaded template: %v; want the catalog's %d items", b.screen, err, len(want))
	}
}

// checkLayout fails when the page is wider than the screen or a name,
// label or heading is squeezed to fewer than four characters a line.
func (b *catalogBrowser) checkLayout(what string) {
	b.t.Helper()
	overflow, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil || overflow {
		b.t.Errorf("%s at %s width: wider than the screen (%v)", what, b.screen, err)
	}
	squeezed, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('h1, h2, h3, .name, .crumbs a, .item dt, .item dd, .where, .count')]
		.filter(el => {
			const text = el.textContent.trim(), fs = parseFloat(getComputedStyle(el).fontSize);
			const lines = Math.max(el.getClientRects().length, Math.round(el.getBoundingClientRect().height / (1.4 * fs)));
			return lines > 1 && text.length / lines < 4;
		}).map(el => el.textContent.trim().slice(0, 20))`))
	if err != nil || len(squeezed) > 0 {
		b.t.Errorf("%s at %s width: squeezed to a few characters a line: %q (%v)", what, b.screen, squeezed, err)
	}
}

// do runs actions within a step's time.
func (b *catalogBrowser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserStep)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fail("%s: %v", what, err)
	}
}

// waitFor polls the page until the JavaScript expression holds, within a
// step's time.
func (b *catalogBrowser) waitFor(what, expr string) {
	b.t.Helper()
	deadline := time.Now().Add(browserStep)
	for {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.fail("expected %s (%s), err %v", what, expr, err)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

func (b *catalogBrowser) fail(format string, args ...any) {
	b.t.Helper()
	shown, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.href + '\n' + document.body.innerText.slice(0, 2000)`))
	b.shot("failed")
	b.t.Fatalf("%s: "+format+"\nthe page shows:\n%s", append(append([]any{b.screen}, args...), shown)...)
}

func (b *catalogBrowser) shot(name string) {
	browsertest.Screenshot(b.t, b.ctx, "catalog-"+b.screen+"-"+name)
}
