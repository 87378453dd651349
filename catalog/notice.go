package catalog

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"govmedia"
)

// Notice is the article that tells an account's followers what changed in
// a government's catalog: the catalog-update publication.
type Notice struct {
	Title     string
	HTML      string
	SourceURL string // the public page of the catalog ("阅读原文")
}

// noticeListed bounds each list of the notice; the rest are counted.
const noticeListed = 50

// UpdateNotice composes the notice of a version that became current:
// since when, what it replaces, how many items were added, changed,
// removed and moved, each named (the first fifty of a kind; a changed
// item with its changed columns), and where the whole catalog is
// (pageURL; "" when the service has no public address).
func UpdateNotice(v *Version, changes []Change, government, domain, pageURL string) Notice {
	n := Notice{Title: cut(government+domain+"领域政务公开事项目录更新", 32), SourceURL: pageURL}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, "<p>"+format+"</p>", args...) }
	p("%s%s领域政务公开事项标准目录第 %d 版自 %s 起施行，共 %d 项。", esc(government), esc(domain), v.Number,
		govmedia.FormatTime(v.CurrentSince)[:10], len(v.Items))
	counts := Counts(changes)
	if v.BasedOn == 0 && counts[Added] == len(changes) {
		p("这是本领域目录首次发布。")
	} else {
		p("与上一版相比：新增 %d 项，修改 %d 项，删除 %d 项，调整顺序 %d 项。", counts[Added], counts[Changed], counts[Removed], counts[Moved])
	}
	for _, kind := range []ChangeKind{Added, Changed, Removed, Moved} {
		noticeList(&b, kind, changes)
	}
	if pageURL != "" {
		p("完整目录、事项检索和目录下载请见：%s", esc(pageURL))
	} else {
		p("完整目录请在本级政府门户网站政务公开专栏查阅。")
	}
	n.HTML = b.String()
	return n
}

var noticeHeadings = map[ChangeKind]string{Added: "新增事项", Changed: "修改事项", Removed: "删除事项", Moved: "调整顺序的事项"}

// noticeList names the items of one kind of change.
func noticeList(b *strings.Builder, kind ChangeKind, changes []Change) {
	var names []string
	for _, c := range changes {
		if c.Kind != kind {
			continue
		}
		name := esc(c.Item.Name())
		if kind == Changed {
			var cols []string
			for _, f := range c.Fields {
				cols = append(cols, f.Column)
			}
			name += "（" + esc(strings.Join(cols, "、")) + "）"
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return
	}
	b.WriteString("<h3>" + noticeHeadings[kind] + "</h3><ul>")
	for _, name := range names[:min(len(names), noticeListed)] {
		b.WriteString("<li>" + name + "</li>")
	}
	if len(names) > noticeListed {
		fmt.Fprintf(b, "<li>等 %d 项</li>", len(names)-noticeListed)
	}
	b.WriteString("</ul>")
}

func esc(s string) string { return html.EscapeString(s) }

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
