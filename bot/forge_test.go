package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/bot"
	"govmedia/bot/telegramtest"
	"govmedia/catalog"
	"govmedia/publish"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// secrets are what the forged presses must never bring to light: the
// person in charge, the phone (plain and masked), the proposed names, the
// reasons given, the publication's title.
var secrets = []string{"钱守密", "13912345678", "139****5678", "五华密件", "机密说明", "另设理由保密", "目录密项"}

// privateFields are what a public view of an account (its name and host,
// as /account shows anyone) must never bring to light.
var privateFields = []string{"钱守密", "13912345678", "139****5678", "另设理由保密"}

// forgeSubjects are subjects of 五华区教育体育局, each in the state a
// forger would aim at.
type forgeSubjects struct {
	pending, atCity, returned   *approvals.Application
	stepPending, stepDone, city int64
	account                     *registry.Account
	publication                 int64
	catalogDraft, catalogReview int64 // versions of the county's catalogs
}

func (w *publishingWorld) forgeSubjects(t testing.TB) forgeSubjects {
	t.Helper()
	ctx := context.Background()
	open := func(name string) *approvals.Application {
		f := registrytest.WeChat(name)
		f.PersonInCharge, f.Phone, f.SecondAccountReason = "钱守密", "13912345678", "另设理由保密"
		app, err := w.engine.SubmitOpen(ctx, w.operator.member, f)
		if err != nil {
			t.Fatal(err)
		}
		return app
	}
	var s forgeSubjects
	s.pending = open("五华密件一号")
	s.stepPending = s.pending.PendingStep().ID
	s.atCity = open("五华密件二号")
	s.stepDone = s.atCity.PendingStep().ID
	out, err := w.engine.Decide(ctx, w.reviewer.member, s.stepDone, approvals.Approve, "")
	if err != nil {
		t.Fatal(err)
	}
	s.city = out.Next.ID
	s.returned = open("五华密件三号")
	if _, err := w.engine.Decide(ctx, w.reviewer.member, s.returned.PendingStep().ID, approvals.Return, "机密说明"); err != nil {
		t.Fatal(err)
	}
	f := registrytest.WeChat("五华密件账号")
	f.PersonInCharge, f.Phone, f.SecondAccountReason = "钱守密", "13912345678", "另设理由保密"
	s.account, err = w.env.Registry.CreateAccount(ctx, w.env.DB, "km.wuhua.dept.edu", f, registry.Approved,
		registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"})
	if err != nil {
		t.Fatal(err)
	}
	pub, _, err := w.pub.Submit(ctx, w.operator.member, publish.Draft{Mode: publish.Publish,
		Targets:  publish.Targets{Org: "km.wuhua.dept.edu"},
		Articles: []publish.DraftArticle{{Title: "五华密件通知", Body: "正文", Format: "text"}}})
	if err != nil {
		t.Fatal(err)
	}
	s.publication = pub.ID
	s.catalogDraft, s.catalogReview = w.forgeCatalogs(t)
	return s
}

// forgeCatalogs makes a draft and a version in review of the county's
// catalogs, whose items are secrets to those outside.
func (w *publishingWorld) forgeCatalogs(t testing.TB) (draft, review int64) {
	t.Helper()
	ctx := context.Background()
	by := catalog.Editor{Actor: w.operator.member.Actor(), Member: w.operator.member}
	it := catalog.Item{Level1: "目录密项", Level2: "目录密项一", Content: "目录密项内容", Modes: []catalog.Mode{catalog.Proactive},
		Levels: []catalog.Level{catalog.CountyLevel}}
	out, err := w.cat.Import(ctx, by, "km.wuhua", []catalog.DomainItems{{Domain: "compulsory-education", Items: []catalog.Item{it}},
		{Domain: "social-assistance", Items: []catalog.Item{it}}}, "forge.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.cat.Submit(ctx, w.operator.member, "km.wuhua", "social-assistance"); err != nil {
		t.Fatal(err)
	}
	return out[0].Version.ID, out[1].Version.ID
}

// forgedData is every verb with ids of a subject of another org, of another
// office's step, of a finished step and of a missing id, and malformed data.
func (s forgeSubjects) forgedData(w *world) []string {
	const missing = 999999
	return []string{
		fmt.Sprintf("i:%d", s.pending.ID), fmt.Sprintf("i:%d", s.atCity.ID), fmt.Sprintf("i:%d", s.returned.ID), fmt.Sprintf("i:%d", missing),
		fmt.Sprintf("d:a:%d", s.stepPending), fmt.Sprintf("d:r:%d", s.stepPending), fmt.Sprintf("d:j:%d", s.stepPending),
		fmt.Sprintf("d:a:%d", s.stepDone), fmt.Sprintf("d:r:%d", s.stepDone), fmt.Sprintf("d:a:%d", s.city), fmt.Sprintf("d:j:%d", s.city),
		fmt.Sprintf("d:a:%d", missing), fmt.Sprintf("d:x:%d", s.stepPending),
		fmt.Sprintf("w:%d", s.pending.ID), fmt.Sprintf("w:%d", s.returned.ID), fmt.Sprintf("w:%d", missing),
		fmt.Sprintf("e:%d", s.returned.ID), fmt.Sprintf("e:%d", s.pending.ID), fmt.Sprintf("e:%d", missing),
		fmt.Sprintf("b:%d", s.account.ID), fmt.Sprintf("b:%d", missing),
		fmt.Sprintf("ac:change:%d", s.account.ID), fmt.Sprintf("ac:close:%d", s.account.ID), fmt.Sprintf("ac:bind:%d", s.account.ID),
		fmt.Sprintf("ac:publish:%d", s.account.ID), fmt.Sprintf("ac:change:%d", missing),
		"pg:km.wuhua.office:0", "pg:km.office:0", "pg:km.wuhua.office:-5", "pg:nope:0",
		fmt.Sprintf("mr:%d", w.operator.member.ID), fmt.Sprintf("mr:%d", w.approver.member.ID), fmt.Sprintf("mr:%d", missing),
		fmt.Sprintf("rt:%d", s.publication), fmt.Sprintf("rt:%d", missing),
		fmt.Sprintf("cs:%d", s.catalogDraft), fmt.Sprintf("cs:%d", s.catalogReview), fmt.Sprintf("cs:%d", missing),
		fmt.Sprintf("cx:%d", s.catalogDraft), fmt.Sprintf("cx:%d", s.catalogReview), "cx:0", fmt.Sprintf("cx:%d", missing),
		fmt.Sprintf("w:%d:y", s.pending.ID), fmt.Sprintf("w:%d:y", s.returned.ID), fmt.Sprintf("w:%d:y", missing),
		fmt.Sprintf("mr:%d:y", w.operator.member.ID), fmt.Sprintf("mr:%d:y", w.approver.member.ID), fmt.Sprintf("mr:%d:y", missing),
		fmt.Sprintf("pc:%d", s.stepPending), fmt.Sprintf("pc:%d", s.stepDone), fmt.Sprintf("pc:%d", s.city), fmt.Sprintf("pc:%d", missing), "pc:",
		"my:a:0", "my:c:0", "my:a:-5", "my:zz:1", "my:", "x:",
		fmt.Sprintf("mn:%d:c", s.account.ID), fmt.Sprintf("mn:%d:1", s.account.ID), fmt.Sprintf("ms:%d:1", s.account.ID), fmt.Sprintf("ms:%d:0", s.account.ID), "mn:", "ms:x:-1",
		"f:cancel", "f:back", "f:platform:weibo", "f:confirm:yes", "f:jump:name",
		"d:a", "i:", "i:abc", "pg", "ac:1", "zz:1", ":",
		fmt.Sprintf("q:r:%d", missing), fmt.Sprintf("q:h:%d", missing), fmt.Sprintf("q:t:%d", missing), "q:r", // see citizens_forge_test.go
		fmt.Sprintf("cu:%d", s.account.ID), "ma:add", "mc:1", fmt.Sprintf("zc:%d", s.account.ID), fmt.Sprintf("zc:%d:y", s.account.ID),
	}
}

// publicViews are forged presses on views anyone bound may have: the
// account they show is public, its private fields are not.
func (s forgeSubjects) publicViews() []string {
	return []string{fmt.Sprintf("acc:%d", s.account.ID), "acc:999999", "acc:"}
}

// forger is someone who forges presses, in a chat of theirs.
type forger struct {
	name string
	who  person
	chat int64 // their private chat, or a group they are in
}

// TestForgedButtonsRevealNothingAndChangeNothing forges every button's
// data, as a modified client can, with the ids of another org's subjects,
// another office's step, a finished step and a missing id, as people of
// every role who have no right to them: the answer names none of the
// subjects' private details, and nothing is written or queued.
func TestForgedButtonsRevealNothingAndChangeNothing(t *testing.T) {
	w := newPublishingWorld(t)
	s := w.forgeSubjects(t)
	data := s.forgedData(w.world)
	guideOnly := []string{"ap:open", "ap:change", "ap:close", "ce:"} // others may start forms of their own
	checkEveryVerbForged(t, slices.Concat(data, guideOnly, s.publicViews()))
	xishanGroup := int64(-1003001)
	forgers := []forger{
		{"another county's operator", w.bind(3001, "孙敏", "km.xishan.dept.edu", registry.Operator), 0},
		{"another county's reviewer", w.bind(3002, "周平", "km.xishan.office", registry.Reviewer), 0},
		{"another county's admin", w.bind(3003, "吴刚", "km.xishan.office", registry.Admin), 0},
		{"a city guiding department", w.bind(3004, "郑洁", "km.dept.jyt", registry.Guide), 0},
		{"a township of the same county", w.township, 0},
	}
	w.group(xishanGroup, "西山区政府办审核群", "km.xishan.office", forgers[1].who.id)
	forgers = append(forgers, forger{"another county's review group", forgers[1].who, xishanGroup})
	w.tgUser(3005, "路人")
	forgers = append(forgers, forger{"an unbound user", person{id: 3005}, 0})
	waitIdle(t, w.env.DB)
	for _, f := range forgers {
		if f.chat == 0 {
			f.chat = f.who.id
		}
		all := data
		if f.name == "a city guiding department" {
			all = append(slices.Clone(data), guideOnly...)
		}
		for _, d := range all {
			w.forge(t, f, d, secrets)
		}
	}
	// Last, as a public view puts the account's public name in the
	// forgers' chats, which the checks above look through.
	for _, f := range forgers {
		if f.chat == 0 {
			f.chat = f.who.id
		}
		for _, d := range s.publicViews() {
			w.forge(t, f, d, privateFields)
		}
	}
}

// TestForgedButtonsOfThoseWhoMaySeeChangeNothing forges presses of people
// who may see the subjects but not do what the data asks: the district
// office on another office's step and a finished one, the city office on a
// step it does not hold, the applicant on its own application.
func TestForgedButtonsOfThoseWhoMaySeeChangeNothing(t *testing.T) {
	w := newPublishingWorld(t)
	s := w.forgeSubjects(t)
	waitIdle(t, w.env.DB)
	cases := map[person][]string{
		w.reviewer: {fmt.Sprintf("d:a:%d", s.city), fmt.Sprintf("d:a:%d", s.stepDone), fmt.Sprintf("w:%d", s.pending.ID),
			fmt.Sprintf("e:%d", s.returned.ID), fmt.Sprintf("mr:%d", w.operator.member.ID), fmt.Sprintf("ac:change:%d", s.account.ID),
			fmt.Sprintf("b:%d", s.account.ID)},
		w.approver: {fmt.Sprintf("d:a:%d", s.stepPending), fmt.Sprintf("d:r:%d", s.stepDone), fmt.Sprintf("w:%d", s.pending.ID),
			fmt.Sprintf("b:%d", s.account.ID), fmt.Sprintf("ac:close:%d", s.account.ID)},
		w.operator: {fmt.Sprintf("d:a:%d", s.stepPending), fmt.Sprintf("d:j:%d", s.city), fmt.Sprintf("mr:%d", w.reviewer.member.ID),
			fmt.Sprintf("ac:bind:%d", s.account.ID)},
	}
	for p, list := range cases {
		for _, d := range list {
			w.forge(t, forger{name: p.member.DisplayName, who: p, chat: p.id}, d, nil)
		}
	}
}

// checkEveryVerbForged fails when a verb of the bot's buttons has no
// forged data, so that a new button cannot escape the test.
func checkEveryVerbForged(t *testing.T, data []string) {
	t.Helper()
	for _, verb := range bot.CallbackVerbs() {
		if !slices.ContainsFunc(data, func(d string) bool { return strings.HasPrefix(d, verb+":") }) {
			t.Errorf("no forged data for the button verb %q: add it to forgedData", verb)
		}
	}
}

// forge presses data on the forger's latest bot message, then sends a
// marker message in the same chat: once the marker is answered, the press
// has been handled. It checks that nothing changed and that neither the
// toast nor any message since names one of hidden.
func (w *publishingWorld) forge(t testing.TB, f forger, data string, hidden []string) {
	t.Helper()
	msg := w.markerAnswered(t, f, "before "+data)
	before := snapshot(t, w.env.DB)
	pr, err := w.tg.ForgePress(telegramtest.ButtonPress{ChatID: f.chat, From: f.who.id, MessageID: msg, Data: data})
	if err != nil {
		t.Fatalf("%s forging %q: %v", f.name, data, err)
	}
	answer := w.answered(f.chat, msg, pr.QueryID)
	w.markerAnswered(t, f, "after "+data)
	waitIdle(t, w.env.DB)
	if after := snapshot(t, w.env.DB); after != before {
		t.Errorf("%s forging %q changed the database:\nbefore %s\nafter  %s", f.name, data, before, after)
	}
	if len(hidden) == 0 {
		return
	}
	seen := []string{answer.Text}
	for _, chat := range []int64{f.chat, f.who.id} {
		seen = append(seen, w.botTextsAfter(t, chat, msg)...)
	}
	for _, text := range seen {
		for _, s := range hidden {
			if strings.Contains(text, s) {
				t.Errorf("%s forging %q was shown %q:\n%s", f.name, data, s, text)
			}
		}
	}
}

// markerAnswered sends a marker in the forger's chat and waits for the
// bot's answer to it, returning its message id: everything the bot was
// doing in that chat before is done, as it handles a chat's updates in
// order. The marker's answer is told apart from late answers to what came
// before by its text: an unknown command in a private chat, /help in a group.
func (w *world) markerAnswered(t testing.TB, f forger, _ string) int {
	t.Helper()
	marker, want := "/marker", govmedia.Print(govmedia.Chinese, "bot.unknown_command")
	switch {
	case f.chat < 0:
		marker, want = "/help", govmedia.Print(govmedia.Chinese, "bot.group_help")
	case f.who.member == nil:
		want = govmedia.Print(govmedia.Chinese, "bot.unbound")
	}
	want = string([]rune(want)[:6])
	sent, err := w.tg.SendText(f.chat, f.who.id, marker)
	if err != nil {
		t.Fatal(err)
	}
	var id int
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = w.tg.WaitFor(ctx, f.chat, func(msgs []telegramtest.Bubble) bool {
		for _, m := range msgs {
			if m.FromBot && m.MessageID > sent.MessageID && strings.HasPrefix(m.Text, want) {
				id = m.MessageID
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("%s: no answer to the marker: %v", f.name, err)
	}
	return id
}

// botTextsAfter are the texts of the bot's messages in chat after msg,
// edits included.
func (w *world) botTextsAfter(t testing.TB, chat int64, msg int) []string {
	t.Helper()
	v, err := w.tg.View(chat)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range v.Messages {
		if m.FromBot && (m.MessageID > msg || m.Edits > 0) {
			out = append(out, m.Text)
		}
	}
	return out
}

// TestCommandsAboutOthersRevealNothingAndChangeNothing sends every command
// that takes an argument naming another org's subject, and those that list
// what a role sees, as people with no right to the subjects: no private
// detail is shown and nothing is written.
func TestCommandsAboutOthersRevealNothingAndChangeNothing(t *testing.T) {
	w := newPublishingWorld(t)
	s := w.forgeSubjects(t)
	forgers := []forger{
		{"another county's operator", w.bind(3001, "孙敏", "km.xishan.dept.edu", registry.Operator), 0},
		{"another county's reviewer", w.bind(3002, "周平", "km.xishan.office", registry.Reviewer), 0},
		{"another county's admin", w.bind(3003, "吴刚", "km.xishan.office", registry.Admin), 0},
		{"a city guiding department", w.bind(3004, "郑洁", "km.dept.jyt", registry.Guide), 0},
		{"a township of the same county", w.township, 0},
	}
	commands := []string{fmt.Sprintf("/account %d", s.account.ID), fmt.Sprintf("/account #%d", s.account.ID), "/account 五华密件账号",
		"/pending", "/invite km.wuhua.dept.edu operator", "/invite km.wuhua.office admin", "/members", "/my", "/publications",
		"/registry 五华密件", "/publish", "/apply", "/cancel", "/catalog", "/policy", "/menu", "/welcome", "/report", "/milestones",
		"/bulletin", "/bulletin 2026Q3", "/zombies"}
	private := []string{"钱守密", "13912345678", "139****5678", "机密说明", "另设理由保密"}
	waitIdle(t, w.env.DB)
	for _, f := range forgers {
		f.chat = f.who.id
		for _, c := range commands {
			msg := w.markerAnswered(t, f, c)
			before := snapshot(t, w.env.DB)
			w.say(f.who, c)
			w.markerAnswered(t, f, c)
			w.say(f.who, "/cancel") // a form a command may have started is the sender's own
			w.markerAnswered(t, f, c)
			waitIdle(t, w.env.DB)
			if after := snapshot(t, w.env.DB); after != before && !startsOwnForm(c) {
				t.Errorf("%s sending %q changed the database:\nbefore %s\nafter  %s", f.name, c, before, after)
			}
			for _, text := range w.botTextsAfter(t, f.chat, msg) {
				for _, p := range private {
					if strings.Contains(text, p) {
						t.Errorf("%s sending %q was shown %q:\n%s", f.name, c, p, text)
					}
				}
			}
		}
	}
}

// startsOwnForm: commands that open a form of the sender's own (its
// session is written, then cancelled), which changes nothing of others'.
func startsOwnForm(command string) bool {
	return slices.Contains([]string{"/publish", "/policy", "/report", "/welcome"}, command)
}
