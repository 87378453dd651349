package registry

import (
	"cmp"
	"io"
	"slices"
	"strings"
	"unicode"

	"govmedia"
)

// registerFile is a parsed register: the accounts of every sheet that
// holds a register, and the problems found while parsing.
type registerFile struct {
	sheets  []string // the names of the sheets read, in file order
	rows    []registerRow
	errs    govmedia.FieldErrors
	ignored []string // headers not understood, their columns not read
}

// registerSheet is one sheet of a register, as its header reads it.
type registerSheet struct {
	name     string // "" for CSV
	header   registerHeader
	platform Platform // the platform the sheet's name names, for rows that name none
	filer    string   // the 填报单位 above the header, "" when none
}

// registerRow is one parsed row of an account register.
type registerRow struct {
	sheet   *registerSheet
	row     int
	fields  Fields
	rawName string // the name as the cell writes it, before folding
	hostRef string // org code or name
	state   State
	bad     bool // parsing found a problem already
}

// parseRegister reads an account register as cities keep it (see
// ImportAccounts). A file that holds no register at all is a
// *govmedia.Error; problems of rows and columns are in the file's errs.
func parseRegister(r io.Reader, fileName string) (*registerFile, error) {
	raw, err := readUpload(r)
	if err != nil {
		return nil, err
	}
	tables, err := ReadTables(fileName, raw, sheetLimits)
	if err != nil {
		return nil, err
	}
	f, found := &registerFile{}, false
	for _, t := range tables {
		h, ok := findRegisterHeader(t.Rows)
		if !ok {
			continue // an instructions sheet, a list for drop-downs
		}
		found = true
		f.sheet(t, h)
	}
	switch {
	case !found:
		return nil, govmedia.Errorf(govmedia.EINVALID, "register.no_header", "rows", registerScanRows)
	case len(f.rows) == 0 && len(f.errs) == 0:
		return nil, govmedia.Errorf(govmedia.EINVALID, "register.no_accounts")
	}
	return f, nil
}

// sheet reads the accounts of one sheet, from under its header down to a
// 备注 or 填表人 line; 合计 lines, blank numbered rows, headings merged
// across the table and the header repeated (as a printed register repeats
// it on each page) are passed over.
func (f *registerFile) sheet(t Table, h registerHeader) {
	s := &registerSheet{name: t.Sheet, header: h, platform: sheetPlatform(t.Sheet), filer: filer(t.Rows[:h.first])}
	f.sheets = append(f.sheets, t.Sheet)
	for _, name := range h.ignored {
		f.ignore(name)
	}
	if !f.complete(s, t.Rows[h.first].Num) {
		return
	}
	lastHost := ""
	for _, r := range t.Rows[h.last+1:] {
		if IsNoteLine(r.First()) {
			return // what follows a 备注 line is notes too
		}
		if IsTotalLine(r.First()) || heading(r) || s.repeatedHeader(r) || !s.substantive(r) {
			continue
		}
		row := f.parseRow(s, r, lastHost)
		lastHost = row.hostRef
		f.rows = append(f.rows, row)
	}
}

// complete checks that the sheet has the columns no account can do
// without, naming those missing and the headers not understood.
func (f *registerFile) complete(s *registerSheet, headerRow int) bool {
	cols := s.header.cols
	missing := []string{}
	if _, ok := cols["name"]; !ok {
		missing = append(missing, exportHeader("name"))
	}
	if _, ok := cols["platform"]; !ok && s.platform == "" {
		if _, ok := cols["wechat_kind"]; !ok {
			missing = append(missing, exportHeader("platform"))
		}
	}
	if _, ok := cols["host_org"]; !ok {
		if _, ok := cols["host_org_code"]; !ok {
			missing = append(missing, exportHeader("host_org"))
		}
	}
	for _, column := range missing {
		var err *govmedia.Error
		if len(s.header.ignored) > 0 {
			err = govmedia.Errorf(govmedia.EINVALID, "register.column_missing_unknown", "unknown", strings.Join(s.header.ignored, "、"))
		} else {
			err = govmedia.Errorf(govmedia.EINVALID, "register.column_missing")
		}
		f.errs = append(f.errs, govmedia.FieldError{Sheet: s.name, Row: headerRow, Column: column, Err: err})
	}
	return len(missing) == 0
}

// substantive reports whether r holds a value of its own in a column the
// register reads: a row with only its 序号, or only values merged down
// from the rows above, is no account.
func (s *registerSheet) substantive(r Row) bool {
	for _, i := range s.header.cols {
		if r.Own(i) {
			return true
		}
	}
	return false
}

// repeatedHeader reports whether r is the sheet's header again.
func (s *registerSheet) repeatedHeader(r Row) bool {
	same := 0
	for field, i := range s.header.cols {
		if r.Cell(i) == s.header.names[field] {
			same++
		}
	}
	return same >= 2
}

// heading reports whether r is a heading inside the table ("一、市级部门")
// merged across it: one value, in two cells or more.
func heading(r Row) bool {
	cells, value := 0, ""
	for _, c := range r.Cells {
		if c == "" {
			continue
		}
		if value != "" && c != value {
			return false
		}
		cells, value = cells+1, c
	}
	return cells >= 2
}

// sortedErrs are the problems found, in the order of the sheets and rows.
func (f *registerFile) sortedErrs() govmedia.FieldErrors {
	order := func(e govmedia.FieldError) int { return slices.Index(f.sheets, e.Sheet) }
	slices.SortStableFunc(f.errs, func(a, b govmedia.FieldError) int {
		return cmp.Or(cmp.Compare(order(a), order(b)), cmp.Compare(a.Row, b.Row))
	})
	return f.errs
}

func (f *registerFile) ignore(name string) {
	for _, n := range f.ignored {
		if n == name {
			return
		}
	}
	f.ignored = append(f.ignored, name)
}

func (f *registerFile) fail(s *registerSheet, row int, field, key string, args ...any) {
	f.errs = append(f.errs, govmedia.FieldError{Sheet: s.name, Row: row, Column: s.column(field),
		Err: govmedia.Errorf(govmedia.EINVALID, key, args...)})
}

// column is the sheet's header for a field, for messages.
func (s *registerSheet) column(field string) string {
	if h, ok := s.header.names[field]; ok {
		return h
	}
	if field == "host_org" {
		if h, ok := s.header.names["host_org_code"]; ok {
			return h
		}
	}
	if field == "platform" || field == "wechat_kind" {
		for _, other := range []string{"platform", "wechat_kind"} {
			if h, ok := s.header.names[other]; ok {
				return h
			}
		}
	}
	return exportHeader(field)
}

// sheetPlatform is the platform a sheet's name names ("微博", "抖音账号"),
// "" when it names none.
func sheetPlatform(name string) Platform {
	name = strings.TrimSuffix(strings.TrimSuffix(matchKey(name), "账号"), "帐号")
	if pc, ok := parsePlatformCell(name); ok && name != "" {
		return pc.platform
	}
	return ""
}

// filer is the unit a 填报单位 line above the header names, "" when none:
// what follows 填报单位： up to a space or the next label.
func filer(above []Row) string {
	for _, r := range above {
		_, rest, ok := strings.Cut(r.Text(), "填报单位")
		if !ok {
			continue
		}
		rest = strings.TrimLeftFunc(rest, func(c rune) bool { return c == '：' || c == ':' || unicode.IsSpace(c) })
		if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 {
			rest = rest[:i]
		}
		for _, stop := range []string{"（盖章）", "(盖章)", "填报日期", "填报时间", "日期", "填报人", "联系人", "联系电话"} {
			if i := strings.Index(rest, stop); i >= 0 {
				rest = rest[:i]
			}
		}
		return foldText(rest)
	}
	return ""
}
