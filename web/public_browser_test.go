package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"govmedia"
	"govmedia/registry"
	"govmedia/registry/registrytest"
	"govmedia/web/sandbox/browsertest"
)

// TestThePublicPagesReadOnAPhone opens the directory, the verify page
// with an impostor's name (五華發布, in traditional characters) and an
// account's page in a headless Chromium at a phone's size (390×844), then
// a desktop's: the
// verdict says 五華發布 is not official and names 五华发布, nothing is
// wider than the screen, and unit names keep their width (a unit name is
// never a column a character wide). Screenshots are kept as artefacts.
func TestThePublicPagesReadOnAPhone(t *testing.T) {
	ctx := browsertest.New(t) // skips without a Chromium, fails so in CI
	ts, env := newServer(t)
	f := registrytest.WeChat("五华发布")
	f.OriginalID = "gh_5a1b2c3d4e5f"
	official, err := env.Registry.CreateAccount(context.Background(), env.DB, "km.wuhua.office", f, registry.Active,
		registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"})
	if err != nil {
		t.Fatal(err)
	}
	deliverArticles(t, env, official.ID, time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC), "五华区2026年冬季供暖服务热线公布", "关于开展冬季安全生产大检查的通知")
	for _, screen := range []struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch}},
		{"desktop", 1280, 860, nil},
	} {
		b := &catalogBrowser{t: t, ctx: ctx, base: ts.URL, screen: screen.name}
		b.do("set the screen", chromedp.EmulateViewport(screen.width, screen.height, screen.opts...))
		walkThePublicPages(b)
	}
}

// walkThePublicPages opens the directory, verifies 五華發布 through the
// form, and follows the verdict to the official account's page.
func walkThePublicPages(b *catalogBrowser) {
	b.t.Helper()
	shot := func(name string) { keepScreenshot(b, "pages-"+b.screen+"-"+name) }
	b.do("open the directory", chromedp.Navigate(b.base+"/?lang=zh"))
	b.waitFor("the accounts listed", `document.querySelectorAll('.acct').length === 4 && document.querySelector('h1').textContent === '政务新媒体名录'`)
	checkPublicLayout(b, "the directory")
	shot("0-directory")

	b.do("verify 五華發布", chromedp.Navigate(b.base+"/verify?lang=zh"), chromedp.SendKeys(chromedp.ID("q"), "五華發布\n"))
	b.waitFor("the verdict", `document.getElementById('verdict') !== null`)
	b.waitFor("not official, imitating 五华发布", `document.getElementById('verdict').textContent.includes('“五華發布”不是官方账号') && `+
		`document.querySelector('.imitates').textContent.includes('五华区人民政府办公室的官方账号“五华发布”')`)
	checkPublicLayout(b, "the verify page")
	shot("1-verify-impostor")

	b.do("open the official account", chromedp.Click(chromedp.CSS(".imitated .name")))
	b.waitFor("the account's page", `document.querySelector('h1').textContent === '五华发布' && document.querySelectorAll('.arts li').length === 2`)
	checkPublicLayout(b, "the account's page")
	shot("2-account")
}

// checkPublicLayout fails when the page scrolls sideways, or a unit name
// is squeezed to a few characters' width (the old table's column), or
// any heading or name wraps a character or two a line, or a text is too
// faint to read against its background.
func checkPublicLayout(b *catalogBrowser, what string) {
	b.t.Helper()
	wide, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.scrollingElement.scrollWidth <= window.innerWidth`))
	if err != nil || !wide {
		b.t.Errorf("%s at %s width: wider than the screen (%v)", what, b.screen, err)
	}
	narrow, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.unit')]
		.filter(el => el.getBoundingClientRect().width < 6 * parseFloat(getComputedStyle(el).fontSize))
		.map(el => el.textContent.trim() + ': ' + Math.round(el.getBoundingClientRect().width) + ' px')`))
	if err != nil || len(narrow) > 0 {
		b.t.Errorf("%s at %s width: unit names narrower than six characters: %q (%v)", what, b.screen, narrow, err)
	}
	units, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('.unit').length`))
	if units == 0 {
		b.t.Errorf("%s: no unit name shown", what)
	}
	low, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](contrastCheck))
	if err != nil || len(low) > 0 {
		b.t.Errorf("%s: text below WCAG AA contrast: %q (%v)", what, low, err)
	}
	b.checkLayout(what)
}

// contrastCheck lists the texts whose contrast with what is behind them
// is under WCAG's AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px
// bold).
const contrastCheck = `(() => {
	const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
	const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
		.reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
	const behind = el => {
		for (; el; el = el.parentElement) {
			const c = rgb(getComputedStyle(el).backgroundColor);
			if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
		}
		return [255, 255, 255];
	};
	return [...document.querySelectorAll('body *')].filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
		.filter(el => {
			const st = getComputedStyle(el), fs = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
			const a = lum(rgb(st.color).slice(0, 3)), b = lum(behind(el));
			const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
			return ratio < (fs >= 24 || (bold && fs >= 18.66) ? 3 : 4.5);
		}).map(el => el.textContent.trim().slice(0, 20));
})()`

// keepScreenshot saves the screen where CI collects artefacts:
// $GOVMEDIA_ARTEFACTS, or artefacts/ at the top of the checkout.
func keepScreenshot(b *catalogBrowser, name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	dir := os.Getenv("GOVMEDIA_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join("..", "artefacts")
	}
	path := filepath.Join(dir, strings.ReplaceAll(name, "/", "_")+".png")
	if err := os.MkdirAll(dir, 0o755); err != nil || os.WriteFile(path, png, 0o644) != nil {
		b.t.Logf("screenshot %s: could not be kept in %s", name, dir)
		return
	}
	b.t.Logf("the screenshot is at %s", path)
}
