package publish

import (
	"strconv"
	"strings"
)

// docxStyle is what a conversion needs of a paragraph style: the heading
// level it gives (0 for none) and the list it numbers, if any.
type docxStyle struct {
	heading int
	numID   string
	basedOn string
	format  runFormat // a character style's bold, italic…
}

// readDocxStyles reads the paragraph styles: a heading is a style named
// "heading N" (Word's built-in names, the same in every language), "标题 N"
// or "Title", or one with an outline level.
func readDocxStyles(root *xnode) map[string]docxStyle {
	out := map[string]docxStyle{}
	for _, s := range root.all("style") {
		switch s.attr("type") {
		case "character":
			out["char:"+s.attr("styleId")] = docxStyle{format: formatOf(s.child("rPr")), basedOn: s.path("basedOn").attr("val")}
			continue
		case "paragraph":
		default:
			continue
		}
		st := docxStyle{heading: headingOfName(s.path("name").attr("val")), basedOn: s.path("basedOn").attr("val"),
			numID: s.path("pPr", "numPr", "numId").attr("val")}
		if lvl := s.path("pPr", "outlineLvl"); st.heading == 0 && lvl != nil {
			if n, err := strconv.Atoi(lvl.attr("val")); err == nil && n < 6 {
				st.heading = n + 1
			}
		}
		out[s.attr("styleId")] = st
	}
	return out
}

func headingOfName(name string) int {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "title" || name == "标题" {
		return 1
	}
	for _, prefix := range []string{"heading", "标题"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			if n, err := strconv.Atoi(strings.TrimSpace(rest)); err == nil && n >= 1 {
				return min(n, 6)
			}
		}
	}
	return 0
}

// style resolves a style with what it inherits.
func (c *docxConverter) style(id string) docxStyle {
	var st docxStyle
	for range 10 { // a chain of basedOn, bounded against a loop
		s, ok := c.styles[id]
		if !ok {
			break
		}
		if st.heading == 0 {
			st.heading = s.heading
		}
		if st.numID == "" {
			st.numID = s.numID
		}
		id = s.basedOn
	}
	return st
}

// charFormat is the formatting a character style gives, with what it
// inherits.
func (c *docxConverter) charFormat(id string) runFormat {
	var f runFormat
	for range 10 {
		s, ok := c.styles["char:"+id]
		if !ok || id == "" {
			break
		}
		f = f.or(s.format)
		id = s.basedOn
	}
	return f
}

// readDocxNumbering reads which numbered lists are bullets: numId →
// abstractNum → the format of each level.
func readDocxNumbering(root *xnode) map[string]map[string]bool {
	abstract := map[string]map[string]bool{}
	for _, a := range root.all("abstractNum") {
		levels := map[string]bool{}
		for _, l := range a.all("lvl") {
			levels[l.attr("ilvl")] = l.path("numFmt").attr("val") == "bullet"
		}
		abstract[a.attr("abstractNumId")] = levels
	}
	out := map[string]map[string]bool{}
	for _, n := range root.all("num") {
		if levels, ok := abstract[n.path("abstractNumId").attr("val")]; ok {
			out[n.attr("numId")] = levels
		}
	}
	return out
}
