package bot_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"govmedia/registry"
)

// FuzzButtonData presses arbitrary button data, as a modified client can
// send, as a city guiding department's member (who may apply for,
// publish and edit nothing of 五华区's): every press is answered, nothing
// is written, no handler panics, and no private detail of 五华区's
// subjects is shown.
func FuzzButtonData(f *testing.F) {
	w := newPublishingWorld(f)
	s := w.forgeSubjects(f)
	for _, d := range append(s.forgedData(w.world), "ap:open", "ce:", "acc:1", "f:", "d:a:1:2:3", "pg::", "my:a:99999999999999999999") {
		f.Add(d)
	}
	guide := forger{"a city guiding department", w.bind(3004, "郑洁", "km.dept.jyt", registry.Guide), 0}
	guide.chat = guide.who.id
	waitIdle(f, w.env.DB)
	f.Fuzz(func(t *testing.T, data string) {
		w.t = t // the world's helpers report to the input being tried
		defer func() { w.t = f }()
		if len(data) == 0 || len(data) > 64 || !utf8.ValidString(data) {
			t.Skip("Telegram delivers 1–64 bytes of UTF-8 callback data")
		}
		w.forge(t, guide, data, secrets)
		if strings.Contains(w.logs.String(), "bot handler panicked") {
			t.Fatalf("pressing %q panicked a handler", data)
		}
	})
}

// FuzzFormInput types arbitrary text into the open-account form, at the
// question that is being asked: the bot answers every message (the next
// question, or the same one with the reason), no handler panics, and
// Telegram refuses none of its sends.
func FuzzFormInput(f *testing.F) {
	w := newWorld(f, worldOpts{})
	for _, in := range []string{"五华区教育体育局发布", "", " ", "/cancel", "/apply", "１３９１２３４５６７８", "13912345678", "<b>x</b>",
		"'; DROP TABLE accounts; --", strings.Repeat("长", 5000), "\u202e\u0000", "gh_0123456789ab", "✅ 提交"} {
		f.Add(in)
	}
	op := forger{"an operator", w.operator, w.operator.id}
	f.Fuzz(func(t *testing.T, text string) {
		w.t = t
		defer func() { w.t = f }()
		if text == "" || !utf8.ValidString(text) || utf8.RuneCountInString(text) > 4096 || strings.ContainsRune(text, 0) {
			t.Skip("Telegram delivers 1–4,096 characters of UTF-8 text")
		}
		w.say(op.who, "/apply")
		w.expectWith(op.chat, "", "开设新账号")
		w.press(op.who, op.chat, "开设新账号")
		w.markerAnswered(t, op, "form")
		w.say(op.who, text)
		w.markerAnswered(t, op, text)
		w.say(op.who, "/cancel")
		w.markerAnswered(t, op, "cancel")
		if strings.Contains(w.logs.String(), "bot handler panicked") {
			t.Fatalf("typing %q panicked a handler", text)
		}
		if refused := w.refusedSends(); len(refused) > 0 {
			t.Fatalf("typing %q: Telegram refused %d sends, the first: %+v", text, len(refused), refused[0])
		}
	})
}
