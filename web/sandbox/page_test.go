package sandbox_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"govmedia/bot/telegramtest"
	"govmedia/web/sandbox"
	"govmedia/web/sandbox/browsertest"
)

// startSandbox serves the page and the stand-in on one server, as the
// service does, with an operator and a reviewer sharing a review group and
// the echo bot running. It returns the page's address.
func startSandbox(t *testing.T) string {
	t.Helper()
	s := telegramtest.Start(t, telegramtest.Options{BotName: "政务新媒体助手", BotUsername: "govmedia_bot"})
	s.AddUser(telegramtest.User{ID: operatorID, FirstName: "李敏", LanguageCode: "zh-hans"})
	s.AddUser(telegramtest.User{ID: reviewerID, FirstName: "王强", LanguageCode: "zh-hans"})
	if _, err := s.AddGroup(telegramtest.Group{ID: reviewGroup, Title: "五华区 · 新媒体审核群", Members: []int64{operatorID, reviewerID}}); err != nil {
		t.Fatal(err)
	}
	startEchoBot(t, s)
	page := sandbox.Handler(func() []sandbox.Identity {
		return []sandbox.Identity{
			{UserID: operatorID, Name: "五华区教育体育局 · 运营人员", Chats: []int64{operatorID, reviewGroup}},
			{UserID: reviewerID, Name: "五华区人民政府办公室 · 审核人员", Chats: []int64{reviewerID, reviewGroup}},
		}
	})
	mux := http.NewServeMux()
	mux.Handle("/sandbox", page)
	mux.Handle("/sandbox/", page)
	mux.Handle("/_sandbox/", s)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/sandbox"
}

// page drives one browser tab with a time limit for each step.
type page struct {
	t   *testing.T
	ctx context.Context
}

// do runs actions, failing the test with a screenshot if they fail.
func (p page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		browsertest.Screenshot(p.t, p.ctx, "failed")
		p.t.Fatalf("%s: %v", what, err)
	}
}

// waitFor waits until the JavaScript expression is true.
func (p page) waitFor(what, expr string) {
	p.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			shown, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.getElementById('messages').innerText`))
			browsertest.Screenshot(p.t, p.ctx, "failed")
			p.t.Fatalf("expected %s (%s), err %v; the chat shows:\n%s", what, expr, err, shown)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// lastCard is the bot's newest message in the open chat.
const lastCard = `[...document.querySelectorAll('#messages .msg.from-bot')].at(-1)`

func TestAPersonChatsWithTheBotThroughTheSandboxPage(t *testing.T) {
	url := startSandbox(t)
	p := page{t, browsertest.New(t)}

	p.do("open the page", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("picker")))
	browsertest.Screenshot(t, p.ctx, "sandbox-picker")
	p.do("pick the operator", chromedp.Click(chromedp.CSS(`.picker-item[data-user="`+strconv.Itoa(operatorID)+`"]`)))
	p.waitFor("the operator's two chats", `document.querySelectorAll('#chats .chat-item').length === 2 && document.getElementById('picker').hidden`)
	p.waitFor("the bot's command menu", `!document.getElementById('menu-btn').hidden`)

	p.replyKeyboard()
	p.cardEditedAfterAPress()
	p.forceReply()
	p.fileMenuAndDeletion()
	p.otherIdentities(url)
}

// replyKeyboard: /start brings a reply keyboard; a key sends its text, and
// the bot's answer removes the keyboard.
func (p page) replyKeyboard() {
	p.t.Helper()
	p.do("send /start", chromedp.SendKeys(chromedp.ID("input"), "/start\n"))
	p.waitFor("the reply keyboard", `document.querySelectorAll('#reply-keyboard .kb-btn').length === 2 && !document.getElementById('reply-keyboard').hidden`)
	p.do("press a key of it", chromedp.Click(chromedp.CSS(`#reply-keyboard .kb-btn:nth-child(2)`)))
	p.waitFor("the key's text sent and the keyboard removed",
		lastCard+`?.textContent.includes('您没有待办申请') && document.getElementById('reply-keyboard').hidden`)
}

// cardEditedAfterAPress: a text brings an HTML card; 通过 edits it in
// place with an alert, 退回 on a second card with a toast.
func (p page) cardEditedAfterAPress() {
	p.t.Helper()
	p.do("type a message with markup in it", chromedp.SendKeys(chromedp.ID("input"), `<img src=x onerror="document.title='hacked'"> 申请开设公众号`+"\n"))
	p.waitFor("the bot's card with its buttons", lastCard+`?.querySelectorAll('.kb-btn').length === 3`)
	p.waitFor("the card formatted from its entities",
		lastCard+`.querySelector('.text strong')?.textContent === '开设申请 / Application' && `+
			lastCard+`.querySelector('.text blockquote')?.textContent.includes('<img src=x') && `+
			lastCard+`.querySelector('.text .spoiler') && `+
			lastCard+`.querySelector('.text a[href="https://example.gov.cn/a?x=1&y=2"][rel~="noopener"]') && `+
			lastCard+`.querySelector('.text pre[data-lang="json"] code')`)
	p.waitFor("no markup from the message text in the page", `!document.querySelector('#messages img') && document.title !== 'hacked'`)
	browsertest.Screenshot(p.t, p.ctx, "sandbox-card")

	p.do("press 通过", chromedp.Click(chromedp.CSS(`#messages .msg.from-bot:last-of-type .kb-btn[data-data="approve"]`)))
	p.waitFor("the bot's alert", `!document.getElementById('alert').hidden && document.getElementById('alert-text').textContent === '已通过 / Approved'`)
	p.waitFor("the card edited in place, its keyboard gone",
		lastCard+`.querySelector('.edited') && `+lastCard+`.textContent.includes('已通过 approved') && !`+lastCard+`.querySelector('.keyboard')`)
	p.waitFor("an unread mark on the review group", `document.querySelector('.chat-item[data-chat="`+strconv.Itoa(reviewGroup)+`"] .badge')?.textContent === '1'`)
	browsertest.Screenshot(p.t, p.ctx, "sandbox-alert")
	p.do("close the alert", chromedp.Click(chromedp.ID("alert-ok")))

	p.do("send a second application", chromedp.SendKeys(chromedp.ID("input"), "第二个申请\n"))
	p.waitFor("a second card", lastCard+`?.querySelector('blockquote')?.textContent === '第二个申请' && `+lastCard+`.querySelector('.keyboard')`)
	p.do("press 退回", chromedp.Click(chromedp.CSS(`#messages .msg.from-bot:last-of-type .kb-btn[data-data="return"]`)))
	p.waitFor("the bot's toast, no alert", `[...document.querySelectorAll('#toasts .toast')].some(n => n.textContent === '已退回 / Returned') && document.getElementById('alert').hidden`)
	p.waitFor("the second card edited", lastCard+`.querySelector('s')?.textContent === '待审核' && `+lastCard+`.querySelector('.edited')`)
	browsertest.Screenshot(p.t, p.ctx, "sandbox-toast")
}

// forceReply: a force_reply prompt opens the reply bar; the answer quotes
// the prompt.
func (p page) forceReply() {
	p.t.Helper()
	p.do("ask for the reason prompt", chromedp.SendKeys(chromedp.ID("input"), "/reason\n"))
	p.waitFor("the force-reply prompt opening the reply bar", `!document.getElementById('reply-bar').hidden && document.getElementById('input').placeholder === '理由 / reason'`)
	browsertest.Screenshot(p.t, p.ctx, "sandbox-reply")
	p.do("answer the prompt", chromedp.SendKeys(chromedp.ID("input"), "材料不全\n"))
	p.waitFor("the reply quoting the prompt and the bot's answer",
		`[...document.querySelectorAll('#messages .msg.mine .quote')].some(q => q.textContent.includes('请说明退回理由')) && `+
			lastCard+`.querySelector('em')?.textContent === '材料不全' && document.getElementById('reply-bar').hidden`)
}

// fileMenuAndDeletion: a file goes up, a command from the menu makes the
// bot delete its receipt, and the receipt is gone.
func (p page) fileMenuAndDeletion() {
	p.t.Helper()
	file := filepath.Join(p.t.TempDir(), "目录.csv")
	if err := os.WriteFile(file, []byte("事项,内容\n"), 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.do("attach a file", chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}))
	p.waitFor("the file waiting to be sent", `!document.getElementById('attach-bar').hidden`)
	p.do("send the file", chromedp.Click(chromedp.ID("send")))
	p.waitFor("the file in the chat and the bot's receipt",
		`document.querySelector('#messages .msg.mine .file-name')?.textContent === '目录.csv' && `+lastCard+`.querySelector('code')?.textContent === '目录.csv'`)

	p.do("open the command menu", chromedp.Click(chromedp.ID("menu-btn")))
	p.waitFor("the commands listed", `[...document.querySelectorAll('#suggest .suggest-cmd')].map(n => n.textContent).join() === '/start,/reason,/clean'`)
	browsertest.Screenshot(p.t, p.ctx, "sandbox-menu")
	p.do("choose /clean", chromedp.Click(chromedp.CSS(`#suggest .suggest-item:nth-child(3)`)))
	p.waitFor("the bot's receipt deleted", `!document.getElementById('messages').textContent.includes('收到文件')`)
	p.waitFor("the edit's flash over", `!document.querySelector('#messages .flash')`)
	browsertest.Screenshot(p.t, p.ctx, "sandbox-private")
}

// otherIdentities: the review group from the operator's side, then the
// same group as the reviewer (after a reload that keeps the choice in the
// address), then back to the operator through the "I am" selector.
func (p page) otherIdentities(url string) {
	p.t.Helper()
	group := strconv.Itoa(reviewGroup)
	p.do("open the review group", chromedp.Click(chromedp.CSS(`.chat-item[data-chat="`+group+`"]`)))
	p.waitFor("the group's message, with the bot named", lastCard+`?.querySelector('.sender')?.textContent === '政务新媒体助手' && `+lastCard+`.textContent.includes('已通过')`)
	p.waitFor("the unread mark cleared", `!document.querySelector('.chat-item .badge')`)
	p.do("type in the group", chromedp.SendKeys(chromedp.ID("input"), "收到\n"))
	p.waitFor("the operator's own message on the right", `document.querySelector('#messages .msg.mine')?.textContent.includes('收到')`)
	browsertest.Screenshot(p.t, p.ctx, "sandbox-group")

	p.do("become the reviewer through the address",
		chromedp.Evaluate[chromedp.Void](`location.hash = 'u=`+strconv.Itoa(reviewerID)+`&c=`+group+`'`), chromedp.Reload())
	p.waitFor("the reviewer in the group, seeing the operator by name",
		`document.getElementById('identity').value === '`+strconv.Itoa(reviewerID)+`' && document.getElementById('picker').hidden && `+
			`[...document.querySelectorAll('#messages .msg.theirs .sender')].some(n => n.textContent === '李敏')`)
	p.do("switch back with the selector", chromedp.Evaluate[chromedp.Void](
		`(s => { s.value = '`+strconv.Itoa(operatorID)+`'; s.dispatchEvent(new Event('change')); })(document.getElementById('identity'))`))
	p.waitFor("the operator's private chat again", `location.hash === '#u=`+strconv.Itoa(operatorID)+`&c=`+strconv.Itoa(operatorID)+`' && `+lastCard+`?.textContent.includes('材料不全')`)
}
