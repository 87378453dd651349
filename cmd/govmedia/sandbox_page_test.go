package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"govmedia"
	"govmedia/bot/telegramtest"
	"govmedia/web/sandbox/browsertest"
)

// TestTheSandboxPageOnAPhoneInNewYork opens the sandbox's page in a
// browser 390 px wide whose clock is New York's, as a newcomer would on a
// phone: nothing sticks out sideways; the picker tells the six people
// apart by initials and colours; each empty chat suggests the README's
// first steps for that person, with a button that sends the command; the
// times are China's; the chat list and a chat take the screen by turns;
// in a group each sender has their own avatar. At desktop width the list
// and the chat are side by side. Stopped and started again, the sandbox
// shows the same chat.
func TestTheSandboxPageOnAPhoneInNewYork(t *testing.T) {
	tab := browsertest.New(t)
	dir, err := os.MkdirTemp("", "govmedia-sandbox-")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(dir, 0o755) // the private PostgreSQL may run as another user
	t.Cleanup(func() { os.RemoveAll(dir) })
	addr := freeAddr(t)
	base, logs, stop := startSandboxAt(t, dir+"/data", addr)
	t.Cleanup(func() { _ = chromedp.Cancel(tab); stop() })
	p := &sandboxPage{t: t, ctx: tab, base: base, logs: logs}
	p.do("a phone in New York", inTimezone("America/New_York"), chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))

	p.do("open the page", chromedp.Navigate(base+"/sandbox"), chromedp.WaitVisible(chromedp.ID("picker")))
	p.waitFor("the seeded people in the picker", `document.querySelectorAll('#picker-list .picker-item').length === 6`)
	p.peopleToldApart()
	p.fits("the picker")
	p.shot("phone-01-picker")

	p.do("pick 王芳", chromedp.Click(chromedp.CSS(`.picker-item[data-user="`+strconv.Itoa(sbOperator)+`"]`)))
	p.waitFor("王芳's chat taking the screen", `document.body.classList.contains('chat-open') && `+
		`getComputedStyle(document.querySelector('.sidebar')).display === 'none' && getComputedStyle(document.getElementById('back-btn')).display !== 'none'`)
	p.emptyChatSuggests(sbOperator, "sandbox.step.apply", "/apply")
	p.emptyChatSuggests(sbOperator, "sandbox.step.publish", "/publish")
	p.fits("王芳's empty chat")
	p.shot("phone-02-first-steps")

	p.do("press 发送 /apply", chromedp.Click(chromedp.CSS(`.step-cmd[data-command="/apply"]`)))
	p.waitFor("/apply sent and the bot's answer", `[...document.querySelectorAll('#messages .msg.mine')].some(m => m.textContent.includes('/apply')) && `+lastBotMsg)
	p.timesAreChinas(sbOperator)
	p.fits("王芳's chat with the form")
	p.shot("phone-03-china-time")

	p.backToTheList(1)
	p.become(sbReviewer, "李强")
	p.backToTheList(2)
	p.do("open the county's group", chromedp.Click(chromedp.CSS(`.chat-item[data-chat="`+strconv.Itoa(sbCounty)+`"]`)))
	p.emptyChatSuggests(sbCounty, "sandbox.step.county_card", "")
	p.say("/pending")
	p.waitFor("the bot's answer in the group", lastBotMsg)
	p.become(1006, "周涛")
	p.backToTheList(3)
	p.do("open the county's group as 周涛", chromedp.Click(chromedp.CSS(`.chat-item[data-chat="`+strconv.Itoa(sbCounty)+`"]`)))
	p.sendersToldApart()
	p.fits("the county's group")
	p.shot("phone-04-group")

	p.do("a desktop", chromedp.EmulateViewport(1280, 860))
	p.waitFor("the chat list beside the chat", `getComputedStyle(document.querySelector('.sidebar')).display !== 'none' && `+
		`getComputedStyle(document.querySelector('.chat')).display !== 'none' && getComputedStyle(document.getElementById('back-btn')).display === 'none'`)
	p.fits("the desktop")

	stop = p.restartShowsTheChat(stop, dir+"/data", addr)
}

// inTimezone makes the tab's clock run in zone.
func inTimezone(zone string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zone})
		return err
	})
}

// fits fails when anything on the page reaches beyond the viewport's
// width (the page would scroll sideways, or hide it).
func (p *sandboxPage) fits(what string) {
	p.t.Helper()
	over, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`(() => {
		const w = window.innerWidth;
		if (document.documentElement.scrollWidth > w) return 'the page is ' + document.documentElement.scrollWidth + ' px wide';
		for (const e of document.body.querySelectorAll('*')) {
			const r = e.getBoundingClientRect();
			if (r.width && r.height && (r.right > w + 1 || r.left < -1)) return e.tagName + '#' + e.id + '.' + e.className + ' spans ' + r.left + '–' + r.right + ' px';
		}
		return '';
	})()`))
	if err != nil || over != "" {
		p.fail("%s does not fit the %s viewport: %s %v", what, "390 px", over, err)
	}
}

// peopleToldApart checks the picker: each person's avatar is the first
// character of their name, in a colour of their own, and no name is cut.
func (p *sandboxPage) peopleToldApart() {
	p.t.Helper()
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`JSON.stringify([...document.querySelectorAll('#picker-list .picker-item')].map(li => {
		const a = li.querySelector('.avatar'), n = li.querySelector('.picker-name');
		return {initial: a.dataset.initial, colour: getComputedStyle(a).backgroundImage, name: n.textContent, cut: n.scrollWidth > n.clientWidth};
	}))`))
	var people []struct {
		Initial, Colour, Name string
		Cut                   bool
	}
	if err != nil || json.Unmarshal([]byte(raw), &people) != nil {
		p.fail("reading the picker: %v %s", err, raw)
	}
	colours := map[string]string{}
	for i, person := range people {
		want := sandboxPeople[i].name
		switch {
		case person.Name != want || person.Cut:
			p.fail("picker entry %d shows %q (cut: %v), want %s in full", i, person.Name, person.Cut, want)
		case person.Initial != string([]rune(want)[:1]):
			p.fail("%s's avatar shows %q, want %q", want, person.Initial, string([]rune(want)[:1]))
		case colours[person.Colour] != "":
			p.fail("%s's avatar has the colour of %s's (%s)", want, colours[person.Colour], person.Colour)
		}
		colours[person.Colour] = want
	}
}

// emptyChatSuggests checks that the open, empty chat shows the step under
// key, with a button for its command when there is one.
func (p *sandboxPage) emptyChatSuggests(chatID int64, key, command string) {
	p.t.Helper()
	text := govmedia.Print(govmedia.Chinese, key)
	cond := `[...document.querySelectorAll('#messages .empty .step-text')].some(s => s.textContent === ` + jsString(text) + `)`
	if command != "" {
		cond += ` && document.querySelector('#messages .empty .step-cmd[data-command="` + command + `"]')`
	} else {
		cond += ` && !document.querySelector('#messages .empty .step-cmd')`
	}
	p.waitFor(fmt.Sprintf("chat %d's first step %q", chatID, text), `location.hash.endsWith('c=`+strconv.FormatInt(chatID, 10)+`') && `+cond)
}

// timesAreChinas checks that the chat's messages show the hour and day of
// China, not of the browser's New York.
func (p *sandboxPage) timesAreChinas(chatID int64) {
	p.t.Helper()
	var view telegramtest.ChatView
	p.getJSON("/_sandbox/chats/"+strconv.FormatInt(chatID, 10), &view)
	b, ok := telegramtest.LastFromBot(view.Messages)
	if !ok {
		p.fail("no message from the bot in chat %d", chatID)
	}
	at := time.Unix(b.Date, 0).In(govmedia.ChinaTime)
	newYork, _ := time.LoadLocation("America/New_York")
	p.waitFor("the browser's clock in New York", `Intl.DateTimeFormat().resolvedOptions().timeZone === 'America/New_York'`)
	p.waitFor("the bot's message at "+at.Format("15:04")+", China time (New York: "+time.Unix(b.Date, 0).In(newYork).Format("15:04")+")",
		`document.querySelector('#m`+strconv.Itoa(b.MessageID)+` .meta')?.textContent.endsWith('`+at.Format("15:04")+`')`)
	day := fmt.Sprintf("%d年%d月%d日", at.Year(), at.Month(), at.Day())
	p.waitFor("the day "+day+", China's", `[...document.querySelectorAll('#messages .day')].at(-1)?.textContent.startsWith('`+day+`')`)
}

// backToTheList presses the back button and expects the chat list,
// full-width, with chats entries.
func (p *sandboxPage) backToTheList(chats int) {
	p.t.Helper()
	p.do("press back", chromedp.Click(chromedp.ID("back-btn")))
	p.waitFor(fmt.Sprintf("the chat list with %d chats taking the screen", chats), `!document.body.classList.contains('chat-open') && `+
		`getComputedStyle(document.querySelector('.chat')).display === 'none' && `+
		`document.querySelector('.sidebar').getBoundingClientRect().width === window.innerWidth && `+
		`document.querySelectorAll('#chats .chat-item').length === `+strconv.Itoa(chats))
	p.fits("the chat list")
}

// sendersToldApart checks a group's messages as someone else sees them:
// 李强's carry his initial in his picker colour, the bot's its own badge.
func (p *sandboxPage) sendersToldApart() {
	p.t.Helper()
	p.waitFor("李强's message with his avatar, in his colour", `(() => {
		const mine = document.querySelector('.picker-item[data-user="`+strconv.Itoa(sbReviewer)+`"] .avatar');
		const colour = [...mine.classList].find(c => /^c[0-9]$/.test(c));
		return [...document.querySelectorAll('#messages .msg.with-avatar:not(.from-bot)')].some(m =>
			m.querySelector('.avatar').dataset.initial === '李' && m.querySelector('.avatar').classList.contains(colour) &&
			m.querySelector('.sender').classList.contains(colour));
	})()`)
	p.waitFor("the bot's message with its badge", `[...document.querySelectorAll('#messages .msg.with-avatar.from-bot')].some(m => m.querySelector('.avatar.bot'))`)
}

// restartShowsTheChat stops the sandbox, starts it again on the same data,
// and reloads 王芳's chat: what she said and the bot's answer are there. It
// returns the new sandbox's stop.
func (p *sandboxPage) restartShowsTheChat(stop func(), dataDir, addr string) func() {
	p.t.Helper()
	var before telegramtest.ChatView
	p.getJSON("/_sandbox/chats/"+strconv.Itoa(sbOperator), &before)
	stop()
	base, logs, restop := startSandboxAt(p.t, dataDir, addr)
	p.base, p.logs = base, logs
	p.do("load 王芳's chat anew", chromedp.Navigate("about:blank"),
		chromedp.Navigate(p.base+"/sandbox#u="+strconv.Itoa(sbOperator)+"&c="+strconv.Itoa(sbOperator)))
	last := before.Messages[len(before.Messages)-1].MessageID
	p.waitFor("the chat from before the restart", `[...document.querySelectorAll('#messages .msg.mine')].some(m => m.textContent.includes('/apply')) && `+
		`document.getElementById('m`+strconv.Itoa(last)+`')`)
	p.shot("phone-05-after-restart")
	return restop
}
