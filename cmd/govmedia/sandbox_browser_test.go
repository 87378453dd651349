package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"govmedia/web/sandbox/browsertest"
)

// The seeded people and groups of the sandbox (sandbox_seed.go) this test
// acts as.
const (
	sbOperator   = 1001 // 王芳, 五华区教育体育局, operator
	sbReviewer   = 1002 // 李强, 五华区人民政府办公室, reviewer
	sbApprover   = 1003 // 张敏, 昆明市人民政府办公室, approver
	sbCounty     = -1001001
	sbCity       = -1001002
	sbAccount    = "五华教育发布"
	sbStepBudget = 20 * time.Second // one step: the bot spaces its messages to a chat by about a second, and a full test run starves the browser at times
)

// TestSandboxOpenReviewApproveInTheBrowser runs `govmedia sandbox` and walks
// its chat page in a headless Chromium as three people would: 王芳 applies
// to open a WeChat subscription account, 李强 approves it in the county's
// review group, 张敏 approves it in the city's group, and 王芳 learns that it
// was approved and finds it among her unit's accounts.
func TestSandboxOpenReviewApproveInTheBrowser(t *testing.T) {
	start := time.Now()
	ctx := browsertest.New(t) // skips without a Chromium, before the sandbox starts
	base, logs := startSandboxCommand(t, ctx)
	p := &sandboxPage{t: t, ctx: ctx, base: base, logs: logs}

	p.do("open the page", chromedp.Navigate(base+"/sandbox"), chromedp.WaitVisible(chromedp.ID("picker")))
	p.waitFor("the seeded people in the picker", `document.querySelectorAll('#picker-list .picker-item').length === 6`)
	p.shot("01-picker")

	p.do("pick 王芳", chromedp.Click(chromedp.CSS(`.picker-item[data-user="`+strconv.Itoa(sbOperator)+`"]`)))
	p.waitFor("王芳's private chat open", `document.getElementById('picker').hidden && `+
		`document.getElementById('identity').value === '`+strconv.Itoa(sbOperator)+`' && `+
		`document.querySelectorAll('#chats .chat-item').length === 1`)
	p.waitFor("the bot's command menu", `!document.getElementById('menu-btn').hidden`)

	p.applyToOpen()
	p.countyApproves()
	p.cityApproves()
	p.operatorLearnsTheOutcome()
	p.operatorBinds()

	if d := time.Since(start); d > 80*time.Second {
		t.Errorf("the walk took %v; it should stay well under a minute and a half", d.Round(time.Second))
	}
}

// applyToOpen: 王芳 answers the open form question by question and submits.
func (p *sandboxPage) applyToOpen() {
	p.t.Helper()
	p.say("/apply")
	p.expectLast("the kinds of application", "请选择申请类型")
	p.press("🆕 开设新账号")
	p.expectLast("the platform question", "账号开设在哪个平台")
	p.press("微信公众号")
	p.expectLast("the WeChat kind question", "订阅号还是服务号")
	p.press("订阅号")
	p.expectLast("the name question", "请输入账号名称")
	p.say(sbAccount)
	p.expectLast("the operating unit question", "请输入运营单位")
	p.say("-")
	p.expectLast("the third-party question", "是否由第三方机构运营")
	p.press("否")
	p.expectLast("the person-in-charge question", "请输入账号负责人姓名")
	p.say("王芳")
	p.expectLast("the phone question", "请输入负责人联系电话")
	p.saySecret("13987654321")
	p.expectLast("the domains question", "试点领域")
	p.waitFor("the phone deleted from the chat once stored sealed",
		`![...document.querySelectorAll('#messages .msg.mine')].some(m => m.textContent.includes('13987654321'))`)
	p.press("义务教育")
	p.waitFor("义务教育 ticked on the same question", lastBotMsg+`?.textContent.includes('试点领域') && `+
		`[...`+lastBotMsg+`.querySelectorAll('.kb-btn')].some(b => b.textContent.trim() === '✅ 义务教育')`)
	p.press("✔️ 完成")
	p.expectLast("the summary", "请核对以上内容")
	p.waitFor("the summary with every answer and the phone masked", lastBotMsg+`.textContent.includes('`+sbAccount+`') && `+
		lastBotMsg+`.textContent.includes('订阅号') && `+lastBotMsg+`.textContent.includes('义务教育') && `+
		lastBotMsg+`.textContent.includes('139****4321') && !`+lastBotMsg+`.textContent.includes('13987654321')`)
	p.shot("02-operator-summary")
	p.press("✅ 提交")
	p.expectLast("the receipt", "已提交，现在由五华区人民政府办公室审核")
	p.waitFor("no question left with buttons to press", `![...document.querySelectorAll('#messages .kb-btn')].some(b => /提交|完成|返回|取消/.test(b.textContent))`)
	p.shot("03-operator-submitted")
}

// countyApproves: 李强 opens the county's review group and approves the card,
// which is edited in place.
func (p *sandboxPage) countyApproves() {
	p.t.Helper()
	p.become(sbReviewer, "李强")
	p.openChat(sbCounty, "五华区政府办审核群")
	card := p.waitCard("the county's card", sbAccount, "⏳ 五华区人民政府办公室")
	p.waitFor("the card naming the applicant and masking the phone", card+`.textContent.includes('五华区教育体育局（王芳）') && `+
		card+`.textContent.includes('139****4321') && !`+card+`.textContent.includes('13987654321')`)
	p.shot("04-county-card")
	id := p.press("✅ 同意")
	p.waitToast("the bot's answer to 同意, naming the next office", "已同意，现转昆明市人民政府办公室审批。")
	edited := `document.getElementById(` + jsString(id) + `)`
	p.waitFor("the same card edited in place, its decision buttons gone", edited+`?.textContent.includes('✅ 五华区人民政府办公室 — 李强') && `+
		edited+`.querySelector('.edited') && ![...`+edited+`.querySelectorAll('.kb-btn')].some(b => /同意|退回|不予批准/.test(b.textContent))`)
	p.waitFor("the edit's flash over", `!document.querySelector('#messages .flash')`)
	p.shot("05-county-approved")
}

// cityApproves: 张敏 opens the city's group and approves; then she finds the
// account in the registry.
func (p *sandboxPage) cityApproves() {
	p.t.Helper()
	p.become(sbApprover, "张敏")
	p.openChat(sbCity, "市政府办审批群")
	p.waitCard("the city's card", sbAccount, "⏳ 昆明市人民政府办公室")
	p.waitFor("the county's approval on the city's card", lastBotMsg+`.textContent.includes('✅ 五华区人民政府办公室 — 李强')`)
	p.shot("06-city-card")
	id := p.press("✅ 同意")
	p.waitToast("the bot's answer to the last 同意", "已同意。这是最后一个审批环节，申请已获批准，申请人会收到通知。")
	edited := `document.getElementById(` + jsString(id) + `)`
	p.waitFor("the city's card edited in place, approved", edited+`?.textContent.includes('✅ 昆明市人民政府办公室 — 张敏') && `+
		edited+`.textContent.includes('已批准') && `+edited+`.querySelector('.edited') && `+
		`![...`+edited+`.querySelectorAll('.kb-btn')].some(b => /同意|退回|不予批准/.test(b.textContent))`)
	p.waitFor("the edit's flash over", `!document.querySelector('#messages .flash')`)
	p.shot("07-city-approved")

	p.openChat(sbApprover, "")
	p.say("/registry 五华")
	p.expectLast("the registry listing the account as approved", sbAccount+"（微信公众号）· 五华区教育体育局 · 已批准")
	p.shot("08-approver-registry")
}

// operatorLearnsTheOutcome: back as 王芳, the approval is in her chat and
// /my lists the account as approved, ready to bind.
func (p *sandboxPage) operatorLearnsTheOutcome() {
	p.t.Helper()
	p.become(sbOperator, "王芳")
	p.waitFor("the approval note", botMsgs+`.some(m => m.textContent.includes('已获批准'))`)
	p.waitFor("the county's step noted too", botMsgs+`.some(m => m.textContent.includes('已通过五华区人民政府办公室'))`)
	p.shot("09-operator-approved")
	p.say("/my")
	p.expectLast("/my with the application", "我的申请（共 1 件")
	p.press("本单位的账号")
	p.waitFor("/my listing the account as approved with its bind button, in the same message", botMsgs+`.some(m => m.textContent.includes('本单位的账号') && `+
		`m.textContent.includes('`+sbAccount+`（微信公众号）— 已批准') && [...m.querySelectorAll('.kb-btn')].some(b => b.textContent.includes('绑定`+sbAccount+`')))`)
	p.shot("10-operator-my")

	// Approved is not yet official: the public directory lists active
	// accounts only, so the account is not there until it is bound.
	var got struct {
		Accounts []map[string]any `json:"accounts"`
	}
	p.getJSON("/api/v1/accounts?q="+url.QueryEscape(sbAccount), &got)
	for _, a := range got.Accounts {
		if a["name"] == sbAccount {
			p.t.Errorf("the approved, unbound account is in the public directory: %v", a)
		}
	}
}

// operatorBinds: 王芳 binds the approved account with credentials the
// sandbox's WeChat has never seen, as a newly registered account's are:
// the press is answered at once, the check's result comes as a message,
// and the account is then official, in the public directory.
func (p *sandboxPage) operatorBinds() {
	p.t.Helper()
	p.press("绑定" + sbAccount)
	p.expectLast("the original id question", "请输入公众号原始ID")
	p.say("gh_5a00000000aa")
	p.expectLast("the AppID question", "请输入 AppID")
	p.say("wx5a000000000000aa")
	p.expectLast("the AppSecret question", "请输入 AppSecret")
	p.saySecret("5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a")
	p.expectLast("the Token question", "令牌 Token")
	p.saySecret("sandbox123")
	p.expectLast("the EncodingAESKey question", "EncodingAESKey")
	p.saySecret("-")
	p.expectLast("the bind summary", "请核对")
	p.press("✅ 提交")
	p.waitToast("the press answered at once while WeChat checks", "正在向微信核验凭据，结果稍后发到这里……")
	p.expectLast("the result as a message", sbAccount+"（微信公众号）已绑定，现为运营中")
	p.shot("11-operator-bound")
	var got struct {
		Accounts []map[string]any `json:"accounts"`
	}
	p.getJSON("/api/v1/accounts?q="+url.QueryEscape(sbAccount), &got)
	if len(got.Accounts) != 1 || got.Accounts[0]["name"] != sbAccount {
		p.t.Errorf("the bound account is not in the public directory: %v", got.Accounts)
	}
}

// botMsgs are the bot's messages in the open chat; lastBotMsg the newest.
const (
	botMsgs    = `[...document.querySelectorAll('#messages .msg.from-bot')]`
	lastBotMsg = botMsgs + `.at(-1)`
)

// sandboxPage drives the sandbox chat page in one tab.
type sandboxPage struct {
	t    *testing.T
	ctx  context.Context
	base string
	logs *lockedBuffer
}

// do runs actions within a step's time, failing with a screenshot.
func (p *sandboxPage) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, sbStepBudget)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.fail("%s: %v", what, err)
	}
}

// waitFor polls until the JavaScript expression is true.
func (p *sandboxPage) waitFor(what, expr string) {
	p.t.Helper()
	deadline := time.Now().Add(sbStepBudget)
	for {
		ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			p.fail("expected %s (%s), err %v", what, expr, err)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// fail ends the test with a screenshot, what the chat shows and the
// service's log.
func (p *sandboxPage) fail(format string, args ...any) {
	p.t.Helper()
	shown, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.getElementById('chat-title').textContent + '\n' + document.getElementById('messages').innerText`))
	p.shot("failed")
	logs := ""
	if p.logs != nil {
		logs = p.logs.String()
	}
	p.t.Fatalf(format+"\nthe chat shows:\n%s\nthe sandbox's log:\n%s", append(args, shown, logs)...)
}

func (p *sandboxPage) shot(name string) {
	browsertest.Screenshot(p.t, p.ctx, "sandbox-flow-"+name)
}

// say types text into the input and sends it with Enter, and waits for it
// to show as the person's own message.
func (p *sandboxPage) say(text string) {
	p.t.Helper()
	p.do("type "+text, chromedp.SendKeys(chromedp.ID("input"), text+"\n"))
	p.waitFor("my message "+text+" sent", `[...document.querySelectorAll('#messages .msg.mine')].at(-1)?.textContent.includes(`+jsString(text)+`) && `+
		`document.getElementById('input').value === ''`)
}

// saySecret types text that the bot deletes once it has taken it: it
// waits only for the input to be sent.
func (p *sandboxPage) saySecret(text string) {
	p.t.Helper()
	p.do("type a secret", chromedp.SendKeys(chromedp.ID("input"), text+"\n"))
	p.waitFor("the secret sent", `document.getElementById('input').value === ''`)
}

// expectLast waits until the bot's newest message in the open chat holds want.
func (p *sandboxPage) expectLast(what, want string) {
	p.t.Helper()
	p.waitFor(what, lastBotMsg+`?.textContent.includes(`+jsString(want)+`)`)
}

// press clicks the inline button labelled label (else one whose label
// holds it) on the newest bot message that has it, waits for the bot to
// answer the press, and returns the message's element id.
func (p *sandboxPage) press(label string) string {
	p.t.Helper()
	find := `(() => {
		const label = ` + jsString(label) + `;
		for (const m of ` + botMsgs + `.reverse()) {
			const bs = [...m.querySelectorAll('.keyboard .kb-btn')];
			const b = bs.find(b => b.textContent.trim() === label) || bs.find(b => b.textContent.includes(label));
			if (b && !b.classList.contains('busy')) return JSON.stringify([m.id, b.dataset.data]);
		}
		return '';
	})()`
	deadline := time.Now().Add(sbStepBudget)
	for {
		found, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](find))
		if err == nil && found != "" {
			var at [2]string
			if err := json.Unmarshal([]byte(found), &at); err != nil {
				p.fail("button %q: %v", label, err)
			}
			sel := `#` + at[0] + ` .kb-btn[data-data="` + at[1] + `"]`
			p.do("press "+label, chromedp.Click(chromedp.CSS(sel)))
			p.waitFor("the bot's answer to "+label, `!document.querySelector(`+jsString(sel+".busy")+`)`)
			return at[0]
		}
		if time.Now().After(deadline) {
			p.fail("no button %q to press (err %v)", label, err)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// waitCard waits for a review card about account showing line, with the
// decision buttons, and returns a JavaScript expression for it.
func (p *sandboxPage) waitCard(what, account, line string) string {
	p.t.Helper()
	card := botMsgs + `.findLast(m => m.textContent.includes('开设账号申请') && m.textContent.includes(` + jsString(account) + `) && ` +
		`m.textContent.includes(` + jsString(line) + `) && [...m.querySelectorAll('.kb-btn')].some(b => b.textContent.includes('同意')))`
	p.waitFor(what, card)
	return card
}

// waitToast waits for a toast with text.
func (p *sandboxPage) waitToast(what, text string) {
	p.t.Helper()
	p.waitFor(what, `[...document.querySelectorAll('#toasts .toast')].some(n => n.textContent === `+jsString(text)+`)`)
}

// become switches to another seeded person with the "I am" selector; the
// page opens their private chat with the bot.
func (p *sandboxPage) become(userID int64, name string) {
	p.t.Helper()
	id := strconv.FormatInt(userID, 10)
	p.do("choose "+name+" in the selector", chromedp.Evaluate[chromedp.Void](
		`(s => { s.value = '`+id+`'; s.dispatchEvent(new Event('change')); })(document.getElementById('identity'))`))
	p.waitFor(name+"'s private chat", `location.hash === '#u=`+id+`&c=`+id+`' && `+
		`document.getElementById('identity').selectedOptions[0]?.textContent.endsWith(' `+name+`') && `+
		`document.querySelector('#chats .chat-item.active')?.dataset.chat === '`+id+`'`)
}

// openChat clicks a chat in the list; title is the header it shows ("" for
// any).
func (p *sandboxPage) openChat(chatID int64, title string) {
	p.t.Helper()
	id := strconv.FormatInt(chatID, 10)
	p.do("open chat "+id, chromedp.Click(chromedp.CSS(`.chat-item[data-chat="`+id+`"]`)))
	cond := `location.hash.endsWith('&c=` + id + `') && document.querySelector('#chats .chat-item.active')?.dataset.chat === '` + id + `'`
	if title != "" {
		cond += ` && document.getElementById('chat-title').textContent === ` + jsString(title)
	}
	p.waitFor("chat "+id+" open", cond)
}

// getJSON reads one of the service's JSON answers.
func (p *sandboxPage) getJSON(path string, v any) {
	p.t.Helper()
	resp, err := http.Get(p.base + path)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		p.t.Fatalf("GET %s: %s\n%s", path, resp.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		p.t.Fatalf("GET %s: %v\n%s", path, err, body)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// startSandboxCommand runs `govmedia sandbox` in this process on a free
// port with a fresh data folder and waits for it to answer. When the test
// ends it closes the browser of tab, then stops the sandbox, which must
// exit cleanly. It returns the service's address and its log.
func startSandboxCommand(t *testing.T, tab context.Context) (string, *lockedBuffer) {
	t.Helper()
	dir, err := os.MkdirTemp("", "govmedia-sandbox-")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(dir, 0o755) // the private PostgreSQL may run as another user
	t.Cleanup(func() { os.RemoveAll(dir) })
	base, logs, stop := startSandboxAt(t, dir+"/data", freeAddr(t))
	t.Cleanup(func() {
		// The browser goes first: while the page's long poll of
		// /_sandbox/events is open, the server's shutdown waits for it.
		_ = chromedp.Cancel(tab)
		stop()
	})
	return base, logs
}

// startSandboxAt runs `govmedia sandbox` in this process with its data
// under dataDir, serving on addr, and waits for it to answer. It returns
// the service's address, its log, and stop, which stops it and expects a
// clean exit (once; later calls do nothing).
func startSandboxAt(t *testing.T, dataDir, addr string) (string, *lockedBuffer, func()) {
	t.Helper()
	for _, name := range []string{"DATABASE_URL", "GOVMEDIA_SECRET_KEY", "GOVMEDIA_TELEGRAM_TOKEN", "GOVMEDIA_TELEGRAM_WEBHOOK_URL"} {
		t.Setenv(name, "")
	}
	t.Setenv("GOVMEDIA_DATA_DIR", dataDir)
	t.Setenv("GOVMEDIA_HTTP_ADDR", addr)
	t.Setenv("GOVMEDIA_METRICS_ADDR", freeAddr(t))

	logs := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"sandbox"}, logs, logs) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case code := <-done:
				if code != 0 {
					t.Errorf("sandbox exited %d:\n%s", code, logs.String())
				}
			case <-time.After(30 * time.Second):
				t.Errorf("sandbox did not stop within 30 s:\n%s", logs.String())
			}
		})
	}
	t.Cleanup(stop)
	base := "http://" + addr
	if !waitOK(t, base+"/healthz", done) {
		t.Fatalf("the sandbox never answered /healthz:\n%s", logs.String())
	}
	if !waitOK(t, base+"/sandbox/identities", done) {
		t.Fatalf("the sandbox page never answered:\n%s", logs.String())
	}
	return base, logs, stop
}

// lockedBuffer collects the service's log from many goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.TrimSpace(b.buf.String())
}
