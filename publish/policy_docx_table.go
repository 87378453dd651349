package publish

import (
	"strconv"
	"strings"
)

// docxCell is one cell of a table as Word stores it: a cell spanning
// columns says so (gridSpan); one spanning rows is a first cell marked
// "restart" over cells marked to continue it (vMerge).
type docxCell struct {
	html      string
	col       int // the grid column it starts at
	colspan   int
	rowspan   int
	restart   bool
	continues bool
	header    bool
}

// table writes a table, its merged cells as colspan and rowspan.
func (c *docxConverter) table(t *xnode) {
	var rows [][]*docxCell
	for _, tr := range t.children {
		if tr.name != "tr" {
			continue
		}
		header := tr.path("trPr", "tblHeader").on()
		var row []*docxCell
		col := 0
		for _, tc := range tr.children {
			if tc.name != "tc" {
				continue
			}
			cell := c.cell(tc, col, header)
			row = append(row, cell)
			col += cell.colspan
		}
		rows = append(rows, row)
	}
	mergeRows(rows)
	c.out.WriteString("<table><tbody>")
	for _, row := range rows {
		c.out.WriteString("<tr>")
		for _, cell := range row {
			if !cell.continues {
				c.out.WriteString(cell.open() + cell.html + cell.close())
			}
		}
		c.out.WriteString("</tr>")
	}
	c.out.WriteString("</tbody></table>")
}

func (c *docxConverter) cell(tc *xnode, col int, header bool) *docxCell {
	tcPr := tc.child("tcPr")
	span, err := strconv.Atoi(tcPr.path("gridSpan").attr("val"))
	if err != nil || span < 1 {
		span = 1
	}
	cell := &docxCell{col: col, colspan: span, rowspan: 1, header: header}
	if vm := tcPr.child("vMerge"); vm != nil {
		cell.restart = vm.attr("val") == "restart"
		cell.continues = !cell.restart
	}
	inner := &docxConverter{pkg: c.pkg, styles: c.styles, lists: c.lists}
	inner.blocks(tc.children)
	inner.closeLists(0)
	if inner.err != nil && c.err == nil {
		c.err = inner.err
	}
	cell.html = unwrapOneParagraph(inner.out.String())
	return cell
}

// mergeRows gives each cell that starts a vertical merge the rows it
// spans: the cells below it in the same column that continue it.
func mergeRows(rows [][]*docxCell) {
	for i, row := range rows {
		for _, cell := range row {
			if !cell.continues {
				continue
			}
			for up := i - 1; up >= 0; up-- {
				above := cellAt(rows[up], cell.col)
				if above == nil {
					break
				}
				if !above.continues {
					above.rowspan++
					break
				}
			}
		}
	}
}

func cellAt(row []*docxCell, col int) *docxCell {
	for _, c := range row {
		if c.col == col {
			return c
		}
	}
	return nil
}

func (d *docxCell) open() string {
	tag := "<td"
	if d.header {
		tag = "<th"
	}
	if d.colspan > 1 {
		tag += ` colspan="` + strconv.Itoa(d.colspan) + `"`
	}
	if d.rowspan > 1 {
		tag += ` rowspan="` + strconv.Itoa(d.rowspan) + `"`
	}
	return tag + ">"
}

func (d *docxCell) close() string {
	if d.header {
		return "</th>"
	}
	return "</td>"
}

// unwrapOneParagraph drops the <p> around a cell's only paragraph: a
// table of short cells reads better without a paragraph's margins.
func unwrapOneParagraph(s string) string {
	if strings.HasPrefix(s, "<p>") && strings.HasSuffix(s, "</p>") && strings.Count(s, "<p") == 1 {
		return s[3 : len(s)-4]
	}
	return s
}
