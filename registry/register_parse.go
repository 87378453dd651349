package registry

import (
	"io"
	"strings"

	"govmedia"
)

// registerRow is one parsed row of an account register.
type registerRow struct {
	row     int
	fields  Fields
	hostRef string // org code or name
	state   State
	bad     bool // parsing found a problem already
}

// registerFile is a parsed register: its rows, the header each field was
// read from (for messages), and the problems found while parsing.
type registerFile struct {
	rows    []registerRow
	headers map[string]string
	errs    govmedia.FieldErrors
}

// parseRegister reads an account register (CSV or XLSX) with Chinese headers.
func parseRegister(r io.Reader, fileName string) (*registerFile, error) {
	s, err := readSheet(r, fileName)
	if err != nil {
		return nil, err
	}
	cols, err := s.columns(registerColumns, "name", "platform")
	if err != nil {
		return nil, err
	}
	if _, ok := cols["host_org"]; !ok {
		if _, ok := cols["host_org_code"]; !ok {
			return nil, govmedia.Errorf(govmedia.EINVALID, "sheet.missing_columns", "columns", "主办单位")
		}
	}
	f := &registerFile{headers: map[string]string{}}
	for field, i := range cols {
		f.headers[field] = s.header[i]
	}
	for _, rec := range s.records {
		f.rows = append(f.rows, f.parseRow(rec, cols))
	}
	return f, nil
}

func (f *registerFile) parseRow(rec record, cols map[string]int) registerRow {
	before := len(f.errs)
	row := f.parseCells(rec, cols)
	row.bad = len(f.errs) > before
	return row
}

func (f *registerFile) parseCells(rec record, cols map[string]int) registerRow {
	get := func(field string) string { return rec.get(cols, field) }
	row := registerRow{row: rec.row, hostRef: get("host_org_code")}
	if row.hostRef == "" {
		row.hostRef = get("host_org")
	}
	fl := Fields{Name: get("name"), OriginalID: get("original_id"), AppID: get("app_id"), PlatformUID: get("platform_uid"),
		OperatingUnit: get("operating_unit"), PersonInCharge: get("person_in_charge"), Phone: get("phone"),
		Domains: splitList(get("domains")), SecondAccountReason: get("second_account_reason")}
	if fl.Phone == UnreadablePhone() { // an export's mark: importing it back keeps what is stored
		fl.Phone = ""
	}
	var ok bool
	if fl.Platform, ok = parsePlatform(get("platform")); !ok {
		f.fail(rec.row, "platform", "account.platform_invalid", "value", get("platform"))
	}
	if kind := get("wechat_kind"); kind != "" {
		if fl.WeChatKind, ok = wechatKindWords[kind]; !ok {
			fl.WeChatKind = WeChatKind(strings.ToLower(kind))
		}
	} else if fl.Platform == WeChatOA {
		fl.WeChatKind = Subscription
	}
	if fl.ThirdParty, ok = yesWords[strings.ToLower(get("third_party"))]; !ok {
		f.fail(rec.row, "third_party", "sheet.yes_no_invalid", "value", get("third_party"))
	}
	if row.state, ok = parseState(get("state")); !ok {
		f.fail(rec.row, "state", "account.state_invalid", "value", get("state"))
	}
	row.fields = fl
	return row
}

func (f *registerFile) fail(row int, field, key string, args ...any) {
	f.errs = append(f.errs, govmedia.FieldError{Row: row, Column: f.header(field), Err: govmedia.Errorf(govmedia.EINVALID, key, args...)})
}

// header is the file's header for a field, or the field name.
func (f *registerFile) header(field string) string {
	if h, ok := f.headers[field]; ok {
		return h
	}
	if field == "host_org" {
		if h, ok := f.headers["host_org_code"]; ok {
			return h
		}
	}
	for _, h := range registerHeaders {
		if h.field == field {
			return h.headers[0]
		}
	}
	return field
}
