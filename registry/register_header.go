package registry

// registerScanRows is how far down a sheet the register's header is looked
// for, past a title, a 填报单位 line and notes.
const registerScanRows = 12

// registerHeader is a sheet's header: one row, or two where group headers
// stand over sub-columns (负责人 over 姓名 and 联系电话); first and last
// index the table's rows.
type registerHeader struct {
	first, last int
	cols        map[string]int    // field → column
	names       map[string]string // field → header as the file writes it
	ranks       map[string]int
	ignored     []string // headers not understood, or a second column of the same meaning
}

// findRegisterHeader finds the header: the first of the top rows with at
// least two headers of the register's own (a title merged across is one
// cell), with the row under it when that holds sub-columns.
func findRegisterHeader(rows []Row) (registerHeader, bool) {
	for i := 0; i < len(rows) && i < registerScanRows; i++ {
		if exactHeaders(rows[i]) < 2 {
			continue
		}
		h := registerHeader{first: i, last: i, cols: map[string]int{}, names: map[string]string{}, ranks: map[string]int{}}
		if i+1 < len(rows) && isSubHeaderRow(rows[i], rows[i+1]) {
			h.last = i + 1
		}
		h.understand(rows[h.first], rows[h.last], h.last > h.first)
		return h, true
	}
	return registerHeader{}, false
}

func exactHeaders(r Row) int {
	n := 0
	for i, c := range r.Cells {
		if _, ok := exactHeader(c); ok && r.Own(i) {
			n++
		}
	}
	return n
}

// isSubHeaderRow reports whether b holds sub-columns under a: a header of
// the register's own that is not a copy of the cell above, and nothing
// else but such headers, copies of the cells above (merged down), and
// sub-columns under a group header of a.
func isSubHeaderRow(a, b Row) bool {
	groups, subs := groupsOver(a, b), 0
	for j, cell := range b.Cells {
		_, known := exactHeader(cell)
		switch {
		case !b.Own(j) || cell == a.Cell(j):
		case known:
			subs++
		case skippedHeader(cell) || groups[j] != "":
		default:
			return false
		}
	}
	return subs > 0
}

// groupsOver is the group header over each column of a, b being the row
// under it: a header that stands over two columns or more, merged across
// them, or written once over empty cells to its right (as a CSV writes
// it) above sub-columns.
func groupsOver(a, b Row) []string {
	out := make([]string, max(len(a.Cells), len(b.Cells)))
	for j := range a.Cells {
		if !a.Own(j) {
			continue
		}
		end := j + 1
		for end < len(out) && !a.Own(end) && (a.Cell(end) != "" || b.Cell(end) != "") {
			end++
		}
		if end-j >= 2 {
			for k := j; k < end; k++ {
				out[k] = a.Cell(j)
			}
		}
	}
	return out
}

// understand reads what each column holds.
func (h *registerHeader) understand(a, b Row, two bool) {
	groups := groupsOver(a, b)
	for j := range groups {
		group := ""
		if two {
			group = groups[j]
		}
		name, m, ok := classifyColumn(a, b, j, two, group)
		switch {
		case name == "" || (!ok && skippedHeader(name)):
		case !ok:
			h.ignore(name)
		default:
			h.take(j, name, m)
		}
	}
}

// classifyColumn reads column j's header: its sub-column's (with the group
// over it) in a header of two rows, else its own cell in the first.
func classifyColumn(a, b Row, j int, two bool, group string) (string, headerMatch, bool) {
	if sub := b.Cell(j); two && b.Own(j) && sub != a.Cell(j) {
		for _, try := range []func(string) (headerMatch, bool){exactHeader, ruleHeader} {
			if m, ok := try(group + sub); ok && group != "" {
				return sub, m, true
			}
			if m, ok := try(sub); ok {
				return sub, m, true
			}
		}
		if group != "" {
			return group + "·" + sub, headerMatch{}, false
		}
		return sub, headerMatch{}, false
	}
	if !a.Own(j) {
		return "", headerMatch{}, false
	}
	name := a.Cell(j)
	if m, ok := exactHeader(name); ok {
		return name, m, true
	}
	m, ok := ruleHeader(name)
	return name, m, ok
}

// take reads column j as field m, unless an earlier column means the same
// in wording as telling (then this one is ignored).
func (h *registerHeader) take(j int, name string, m headerMatch) {
	if _, ok := h.cols[m.field]; ok {
		if h.ranks[m.field] <= m.rank {
			h.ignore(name)
			return
		}
		h.ignore(h.names[m.field])
	}
	h.cols[m.field], h.names[m.field], h.ranks[m.field] = j, name, m.rank
}

func (h *registerHeader) ignore(name string) {
	for _, n := range h.ignored {
		if n == name {
			return
		}
	}
	h.ignored = append(h.ignored, name)
}
