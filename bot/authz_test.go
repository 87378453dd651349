package bot_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"govmedia"
	"govmedia/approvals"
	"govmedia/bot"
	"govmedia/bot/telegramtest"
	"govmedia/catalog"
	"govmedia/citizens"
	"govmedia/oversight/content"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// designedMatrix is testdata/authorisation.tsv: its columns, and each
// row's cells by action.
type designedMatrix struct {
	columns []string
	kinds   map[string]string // action → "command" or "button"
	order   []string
	cells   map[string][]string
}

func readDesignedMatrix(t *testing.T) designedMatrix {
	t.Helper()
	f, err := os.Open("../testdata/authorisation.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := designedMatrix{kinds: map[string]string{}, cells: map[string][]string{}}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if fields[0] == "kind" {
			m.columns = fields[2:]
			continue
		}
		if len(fields) != len(m.columns)+2 {
			t.Fatalf("authorisation.tsv: %q has %d cells, want %d", fields[1], len(fields)-2, len(m.columns))
		}
		m.kinds[fields[1]], m.cells[fields[1]] = fields[0], fields[2:]
		m.order = append(m.order, fields[1])
	}
	return m
}

// matrixSubjects are what the buttons of the matrix act on, all of
// 五华区教育体育局; each builder makes a fresh one where pressing it may
// change it.
type matrixSubjects struct {
	w                  *publishingWorld
	pending, returned  *approvals.Application
	active, approved   *registry.Account
	publication, draft int64
	question           int64 // a citizen's question to 五华教育
	milestone, dormant int64 // made on first use
}

func (w *publishingWorld) matrixSubjects(t *testing.T) *matrixSubjects {
	s := w.forgeSubjects(t)
	f := registrytest.WeChat("五华矩阵待绑定")
	f.SecondAccountReason = "矩阵测试另设"
	approved, err := w.env.Registry.CreateAccount(context.Background(), w.env.DB, "km.wuhua.dept.edu", f,
		registry.Approved, registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"})
	if err != nil {
		t.Fatal(err)
	}
	active := new(registry.Account)
	if err := w.env.DB.NewSelect().Model(active).Where("name = ?", "五华教育").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &matrixSubjects{w: w, pending: s.pending, returned: s.returned, active: active, approved: approved,
		publication: s.publication, draft: s.catalogDraft, question: w.citizensQuestion(t, active)}
}

// data is the button data a row presses; fresh subjects for verbs whose
// press, when allowed, decides or submits at once.
func (s *matrixSubjects) data(t *testing.T, action string) string {
	w := s.w
	switch action {
	case "ap:":
		return "ap:open"
	case "ac:":
		return fmt.Sprintf("ac:change:%d", s.active.ID)
	case "d:":
		return fmt.Sprintf("d:a:%d", w.freshApplication(t).PendingStep().ID)
	case "d:city":
		app := w.freshApplication(t)
		out, err := w.engine.Decide(context.Background(), w.reviewer.member, app.PendingStep().ID, approvals.Approve, "")
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("d:a:%d", out.Next.ID)
	case "i:", "w:", "pc:":
		if action == "pc:" {
			return fmt.Sprintf("pc:%d", s.pending.PendingStep().ID)
		}
		return fmt.Sprintf("%s%d", action, s.pending.ID)
	case "e:":
		return fmt.Sprintf("e:%d", s.returned.ID)
	case "b:":
		return fmt.Sprintf("b:%d", s.approved.ID)
	case "pg:":
		return "pg:km.wuhua.office:0"
	case "mr:":
		return fmt.Sprintf("mr:%d", w.operator.member.ID)
	case "rt:":
		return fmt.Sprintf("rt:%d", s.publication)
	case "my:":
		return "my:a:0"
	case "x:":
		return "x:"
	case "acc:":
		return fmt.Sprintf("acc:%d", s.active.ID)
	case "mn:":
		return fmt.Sprintf("mn:%d:c", s.active.ID)
	case "ms:":
		return fmt.Sprintf("ms:%d:0", s.active.ID)
	case "cs:":
		return fmt.Sprintf("cs:%d", w.freshCatalogDraft(t))
	case "cx:":
		return fmt.Sprintf("cx:%d", s.draft)
	case "ce:":
		return "ce:"
	case "q:":
		return fmt.Sprintf("q:t:%d", s.question)
	case "cu:":
		return fmt.Sprintf("cu:%d", s.active.ID)
	case "ma:":
		return "ma:add"
	case "mc:":
		return fmt.Sprintf("mc:%d", s.countyMilestone(t))
	case "zc:":
		return fmt.Sprintf("zc:%d", s.dormantAccount(t))
	}
	t.Fatalf("authorisation.tsv: no subject for the button %q", action)
	return ""
}

var matrixApplications int

// freshApplication is a new application of 五华区教育体育局, pending at
// 五华区政府办.
func (w *publishingWorld) freshApplication(t *testing.T) *approvals.Application {
	t.Helper()
	matrixApplications++
	f := registrytest.WeChat(fmt.Sprintf("五华矩阵%d号", matrixApplications))
	f.SecondAccountReason = "矩阵测试另设"
	app, err := w.engine.SubmitOpen(context.Background(), w.operator.member, f)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// freshCatalogDraft is a new draft of 五华区's catalog of a domain.
func (w *publishingWorld) freshCatalogDraft(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	domains, err := w.env.Registry.Domains(ctx)
	if err != nil {
		t.Fatal(err)
	}
	matrixDrafts++
	d := domains[len(domains)-matrixDrafts] // from the end: the forged subjects' domains come first
	by := catalog.Editor{Actor: w.operator.member.Actor(), Member: w.operator.member}
	it := catalog.Item{Level1: "矩阵事项", Level2: "矩阵事项一", Content: "矩阵内容", Modes: []catalog.Mode{catalog.Proactive},
		Levels: []catalog.Level{catalog.CountyLevel}}
	out, err := w.cat.Import(ctx, by, "km.wuhua", []catalog.DomainItems{{Domain: d.Code, Items: []catalog.Item{it}}}, "matrix.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	return out[0].Version.ID
}

var matrixDrafts int

// matrixPeople are the columns' people, bound as authorisation.tsv says.
func (w *publishingWorld) matrixPeople(t *testing.T) map[string]person {
	xishanGuide := w.bind(3104, "郑洁", "km.dept.jyt", registry.Guide)
	w.tgUser(3111, "路人")
	return map[string]person{
		"op.own": w.operator, "op.sib": w.bind(3101, "钱民", "km.wuhua.dept.mz", registry.Operator), "op.town": w.township,
		"rev.par": w.reviewer, "adm.par": w.bind(3102, "孙管", "km.wuhua.office", registry.Admin),
		"rev.oth": w.bind(3103, "周平", "km.xishan.office", registry.Reviewer), "adm.oth": w.bind(3105, "吴刚", "km.xishan.office", registry.Admin),
		"appr.city": w.approver, "adm.city": w.admin, "guide": xishanGuide, "unbound": {id: 3111},
	}
}

// TestAuthorisationMatrix runs every bot command and every button as each
// role around a subject of 五华区教育体育局 and compares who was served
// with testdata/authorisation.tsv. It fails on any cell that differs, on
// a command or button verb the table does not have, and prints the
// matrix it saw.
func TestAuthorisationMatrix(t *testing.T) {
	design := readDesignedMatrix(t)
	checkMatrixCoversTheBot(t, design)
	w := newPublishingWorld(t)
	w.pub.Content = content.NewChecker(w.env.DB.DB, w.env.Clock.Now) // /wordlist keeps its lists
	people := w.matrixPeople(t)
	subjects := w.matrixSubjects(t)
	waitIdle(t, w.env.DB)
	seen := map[string][]string{}
	for _, action := range design.order {
		for _, col := range design.columns {
			p := people[col]
			seen[action] = append(seen[action], w.matrixCell(t, p, design.kinds[action], action, subjects))
		}
	}
	printMatrix(t, design, seen)
	for _, action := range design.order {
		for i, col := range design.columns {
			if got, want := seen[action][i], design.cells[action][i]; got != want {
				t.Errorf("%s as %s: got %s, the design says %s", action, col, got, want)
			}
		}
	}
}

// matrixCell sends the command or presses the button as p in p's private
// chat, and reports Y when the bot served it, N when it refused.
func (w *publishingWorld) matrixCell(t *testing.T, p person, kind, action string, s *matrixSubjects) string {
	t.Helper()
	f := forger{name: fmt.Sprint(p.id), who: p, chat: p.id}
	msg := w.markerAnswered(t, f, action)
	verb := action
	before := w.refusals(p)
	if kind == "command" {
		w.say(p, action)
		if action == "/lang" {
			w.say(p, action) // back to Chinese, which the markers are answered in
		}
	} else {
		data := s.data(t, action)
		verb, _, _ = strings.Cut(data, ":")
		pr, err := w.tg.ForgePress(telegramtest.ButtonPress{ChatID: p.id, From: p.id, MessageID: msg, Data: data})
		if err != nil {
			t.Fatalf("pressing %q: %v", data, err)
		}
		w.answered(p.id, msg, pr.QueryID)
		verb += ":"
	}
	w.markerAnswered(t, f, action)
	refused := w.refusals(p)[verb] > before[verb]
	if p.member != nil {
		w.say(p, "/cancel") // a form the press or command started is the presser's own
		w.markerAnswered(t, f, action)
	}
	if refused {
		return "N"
	}
	return "Y"
}

// refusals counts the bot's "bot refused" log lines about p, by action.
func (w *publishingWorld) refusals(p person) map[string]int {
	var member int64
	if p.member != nil {
		member = p.member.ID
	}
	tail := fmt.Sprintf(" member=%d", member)
	out := map[string]int{}
	for _, line := range strings.Split(w.logs.String(), "\n") {
		if !strings.Contains(line, `msg="bot refused"`) || !strings.Contains(line+" ", tail+" ") {
			continue
		}
		_, rest, _ := strings.Cut(line, "action=")
		action, _, _ := strings.Cut(rest, " ")
		out[action]++
	}
	return out
}

// checkMatrixCoversTheBot fails when a private command or a button verb
// of the bot has no row: a new one cannot escape the matrix.
func checkMatrixCoversTheBot(t *testing.T, m designedMatrix) {
	t.Helper()
	for _, c := range bot.PrivateCommands() {
		if _, ok := m.kinds["/"+c]; !ok {
			t.Errorf("authorisation.tsv has no row for the command /%s", c)
		}
	}
	for _, v := range bot.CallbackVerbs() {
		if _, ok := m.kinds[v+":"]; !ok && v != "f" {
			t.Errorf("authorisation.tsv has no row for the button verb %s:", v)
		}
	}
}

func printMatrix(t *testing.T, m designedMatrix, seen map[string][]string) {
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s %s\n", "", strings.Join(m.columns, " "))
	for _, action := range m.order {
		cells := make([]string, len(m.columns))
		for i, c := range m.columns {
			mark := seen[action][i]
			if mark != m.cells[action][i] {
				mark += "!"
			}
			cells[i] = fmt.Sprintf("%-*s", len(c), mark)
		}
		fmt.Fprintf(&b, "%-14s %s\n", action, strings.Join(cells, " "))
	}
	t.Logf("authorisation matrix (! marks a cell that differs from the design):\n%s", b.String())
}

// citizensQuestion is a citizen's question to an account, for its unit.
func (w *publishingWorld) citizensQuestion(t *testing.T, a *registry.Account) int64 {
	t.Helper()
	ctx := context.Background()
	acct := citizens.Account{ID: a.ID, AppID: a.AppID, Name: a.Name, HostOrg: a.HostOrg}
	if _, err := w.cit.Message(ctx, acct, "oMatrixCitizen00000000000001", "人工：矩阵留言", w.env.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := w.env.DB.NewSelect().Table("questions").Column("id").Where("account_id = ?", a.ID).Scan(ctx, &id); err != nil {
		t.Fatal(err)
	}
	return id
}
