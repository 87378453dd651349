package registry

import (
	"strings"

	"govmedia"
)

// headerScanRows is how far down a header row is looked for, past titles.
const headerScanRows = 10

// newSheet finds the header row (the first of the top rows with at least two
// cells of its own: a title merged across is one) and keeps the rows below it.
func newSheet(rows []Row) (*sheet, error) {
	for i := 0; i < len(rows) && i < headerScanRows; i++ {
		if ownCells(rows[i]) >= 2 {
			s := &sheet{header: cleanAll(rows[i].Cells)}
			for _, r := range rows[i+1:] {
				s.records = append(s.records, record{row: r.Num, cells: r.Cells})
			}
			return s, nil
		}
	}
	return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.no_header")
}

// columns maps field names to column indexes through the accepted headers,
// and fails naming every required field without a column.
func (s *sheet) columns(accepted map[string]string, required ...string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range s.header {
		if field, ok := accepted[normalHeader(h)]; ok {
			if _, dup := cols[field]; !dup {
				cols[field] = i
			}
		}
	}
	var missing []string
	for _, f := range required {
		if _, ok := cols[f]; !ok {
			missing = append(missing, headerOf(accepted, f))
		}
	}
	if len(missing) > 0 {
		return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.missing_columns", "columns", strings.Join(missing, "、"))
	}
	return cols, nil
}

// headerOf returns the first Chinese header accepted for a field, for messages.
func headerOf(accepted map[string]string, field string) string {
	best := field
	for h, f := range accepted {
		if f == field && h > "\u007f" && (best == field || h < best) {
			best = h
		}
	}
	return best
}

func (rec record) get(cols map[string]int, field string) string {
	i, ok := cols[field]
	if !ok || i >= len(rec.cells) {
		return ""
	}
	return rec.cells[i]
}

// normalHeader drops spaces, stars marking required columns, and
// parenthesised notes such as "（必填）".
func normalHeader(h string) string {
	h = strings.NewReplacer(" ", "", "*", "", "＊", "", "\n", "").Replace(clean(h))
	for _, open := range []string{"（", "("} {
		if i := strings.Index(h, open); i > 0 {
			h = h[:i]
		}
	}
	return strings.ToLower(h)
}

func ownCells(r Row) int {
	n := 0
	for i := range r.Cells {
		if r.Own(i) {
			n++
		}
	}
	return n
}

// clean trims spaces, including the full-width and no-break spaces that
// spreadsheets made in Chinese carry.
func clean(s string) string {
	return strings.Trim(s, " \t\r\n\u3000\u00a0\ufeff")
}

func cleanAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = clean(c)
	}
	return out
}
