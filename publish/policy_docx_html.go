package publish

import (
	"html"
	"strconv"
	"strings"
)

// docxConverter writes a document's body as HTML.
type docxConverter struct {
	pkg    *docxPackage
	styles map[string]docxStyle
	lists  map[string]map[string]bool // numId → level → is a bullet list
	out    strings.Builder
	open   []string // the lists open, outermost first: "ul" or "ol"
	err    error    // the first picture that could not be read
}

// maxListDepth is as deep as Word nests lists (levels 0 to 8).
const maxListDepth = 9

// blocks writes the body's paragraphs and tables, looking inside content
// controls and tracked insertions (deletions are left out).
func (c *docxConverter) blocks(nodes []*xnode) {
	for _, n := range nodes {
		switch n.name {
		case "p":
			c.paragraph(n)
		case "tbl":
			c.closeLists(0)
			c.table(n)
		case "sdt":
			c.blocks(n.path("sdtContent").children)
		case "customXml", "ins", "smartTag":
			c.blocks(n.children)
		}
	}
}

func (c *docxConverter) paragraph(p *xnode) {
	pPr := p.child("pPr")
	st := c.style(pPr.path("pStyle").attr("val"))
	numID, level := st.numID, 0
	if np := pPr.path("numPr"); np != nil {
		if v := np.path("numId").attr("val"); v != "" {
			numID = v
		}
		level, _ = strconv.Atoi(np.path("ilvl").attr("val"))
	}
	inner := c.inline(p.children)
	if numID != "" && numID != "0" && st.heading == 0 {
		c.listItem(numID, min(max(level, 0), maxListDepth-1), inner)
		return
	}
	c.closeLists(0)
	if strings.TrimSpace(stripTags(inner)) == "" && !strings.Contains(inner, "<img") {
		return // an empty paragraph is Word's way of adding space
	}
	tag := "p"
	if st.heading > 0 {
		tag = "h" + strconv.Itoa(st.heading)
	}
	attr := ""
	switch pPr.path("jc").attr("val") {
	case "center":
		attr = ` style="text-align:center"`
	case "right", "end":
		attr = ` style="text-align:right"`
	}
	c.out.WriteString("<" + tag + attr + ">" + inner + "</" + tag + ">")
}

// listItem writes a numbered paragraph as an item of a list at level,
// opening and closing lists as the levels change.
func (c *docxConverter) listItem(numID string, level int, inner string) {
	tag := "ol"
	if c.lists[numID][strconv.Itoa(level)] {
		tag = "ul"
	}
	c.closeLists(level + 1)
	if len(c.open) == level+1 && c.open[level] != tag {
		c.closeLists(level)
	}
	if len(c.open) == level+1 {
		c.out.WriteString("</li><li>" + inner)
		return
	}
	for len(c.open) < level+1 {
		c.out.WriteString("<" + tag + "><li>")
		c.open = append(c.open, tag)
	}
	c.out.WriteString(inner)
}

// closeLists closes the lists open deeper than keep levels.
func (c *docxConverter) closeLists(keep int) {
	for len(c.open) > keep {
		c.out.WriteString("</li></" + c.open[len(c.open)-1] + ">")
		c.open = c.open[:len(c.open)-1]
	}
}

// inline writes a paragraph's runs, links and pictures.
func (c *docxConverter) inline(nodes []*xnode) string {
	w := &runWriter{}
	c.runs(w, nodes)
	w.closeFormat()
	return w.b.String()
}

func (c *docxConverter) runs(w *runWriter, nodes []*xnode) {
	for _, n := range nodes {
		switch n.name {
		case "r":
			c.run(w, n)
		case "hyperlink":
			href := c.pkg.link(n.attr("id"))
			if !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "http://") {
				c.runs(w, n.children)
				continue
			}
			w.raw(`<a href="` + html.EscapeString(href) + `">`)
			c.runs(w, n.children)
			w.raw("</a>")
		case "ins", "smartTag", "customXml", "fldSimple", "sdtContent":
			c.runs(w, n.children)
		case "sdt":
			c.runs(w, n.path("sdtContent").children)
		}
	}
}

func (c *docxConverter) run(w *runWriter, r *xnode) {
	rPr := r.child("rPr")
	f := c.charFormat(rPr.path("rStyle").attr("val")).or(formatOf(rPr))
	for _, n := range r.children {
		switch n.name {
		case "t":
			w.text(f, n.text)
		case "tab", "ptab":
			w.text(f, " ")
		case "noBreakHyphen", "softHyphen":
			w.text(f, "-")
		case "br", "cr":
			if n.attr("type") != "page" && n.attr("type") != "column" {
				w.raw("<br/>")
			}
		case "drawing":
			c.pictures(w, n.all("blip"), "embed")
		case "pict", "object":
			c.pictures(w, n.all("imagedata"), "id")
		}
	}
}

func (c *docxConverter) pictures(w *runWriter, refs []*xnode, attr string) {
	for _, ref := range refs {
		src, err := c.pkg.image(ref.attr(attr))
		if err != nil && c.err == nil {
			c.err = err
		}
		if src != "" {
			w.raw(`<img src="` + src + `"/>`)
		}
	}
}

// runFormat is how a run of text is set.
type runFormat struct {
	bold, italic, underline, strike, sup, sub bool
}

// formatOf reads a run's direct formatting.
func formatOf(rPr *xnode) runFormat {
	u := rPr.child("u")
	vert := rPr.path("vertAlign").attr("val")
	return runFormat{bold: rPr.child("b").on(), italic: rPr.child("i").on(), underline: u != nil && u.attr("val") != "none",
		strike: rPr.child("strike").on() || rPr.child("dstrike").on(), sup: vert == "superscript", sub: vert == "subscript"}
}

// or is f with what g sets added.
func (f runFormat) or(g runFormat) runFormat {
	return runFormat{f.bold || g.bold, f.italic || g.italic, f.underline || g.underline, f.strike || g.strike, f.sup || g.sup, f.sub || g.sub}
}

// tags are the elements a format opens, outermost first.
func (f runFormat) tags() []string {
	var out []string
	for _, t := range []struct {
		on  bool
		tag string
	}{{f.bold, "strong"}, {f.italic, "em"}, {f.underline, "u"}, {f.strike, "s"}, {f.sup, "sup"}, {f.sub, "sub"}} {
		if t.on {
			out = append(out, t.tag)
		}
	}
	return out
}

// runWriter writes runs, merging neighbours set alike into one element.
type runWriter struct {
	b   strings.Builder
	cur runFormat
}

func (w *runWriter) text(f runFormat, s string) {
	if s == "" {
		return
	}
	if f != w.cur {
		w.closeFormat()
		for _, t := range f.tags() {
			w.b.WriteString("<" + t + ">")
		}
		w.cur = f
	}
	w.b.WriteString(html.EscapeString(s))
}

func (w *runWriter) raw(s string) {
	w.closeFormat()
	w.b.WriteString(s)
}

func (w *runWriter) closeFormat() {
	tags := w.cur.tags()
	for i := len(tags) - 1; i >= 0; i-- {
		w.b.WriteString("</" + tags[i] + ">")
	}
	w.cur = runFormat{}
}
