package registry

import (
	"context"
	"encoding/csv"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"govmedia"
)

// exportFields are the register's columns in the order exports write them.
var exportFields = []string{"name", "platform", "wechat_kind", "original_id", "app_id", "platform_uid",
	"host_org_code", "host_org", "operating_unit", "third_party", "person_in_charge", "phone", "domains",
	"state", "second_account_reason"}

// ExportReport says what an export could not write as it is stored.
type ExportReport struct {
	Unreadable []string // accounts whose phone does not open: their cell holds UnreadablePhone
}

// UnreadablePhone is what an export writes in place of a phone number that
// no longer opens (sealed under a key since lost); importing it keeps the
// stored value.
func UnreadablePhone() string { return govmedia.Print(govmedia.Chinese, "export.phone_unreadable") }

// ExportAccounts writes the whole register, private fields included, as
// "csv" (UTF-8 with a BOM, so that Excel opens it right) or "xlsx", with the
// headers ImportAccounts reads: an export imported again changes nothing.
// No cell runs as a formula in a spreadsheet (see SheetCell). A phone that
// no longer opens marks its row (UnreadablePhone) instead of failing the
// export; the report names those accounts.
func (r *Registry) ExportAccounts(ctx context.Context, w io.Writer, format string) (ExportReport, error) {
	rows, rep, err := r.registerRows(ctx)
	if err != nil {
		return rep, err
	}
	header := make([]string, len(exportFields))
	for i, f := range exportFields {
		header[i] = exportHeader(f)
	}
	switch format {
	case "csv":
		return rep, writeCSV(w, header, rows)
	case "xlsx":
		return rep, writeXLSX(w, header, rows)
	}
	return rep, govmedia.Errorf(govmedia.EINVALID, "export.format_invalid", "format", format)
}

func (r *Registry) registerRows(ctx context.Context) ([][]string, ExportReport, error) {
	var rep ExportReport
	var list []*Account
	if err := r.db.NewSelect().Model(&list).Relation("Host").OrderExpr("account.id").Scan(ctx); err != nil {
		return nil, rep, err
	}
	names, err := domainNames(ctx, r.db)
	if err != nil {
		return nil, rep, err
	}
	out := make([][]string, 0, len(list))
	for _, a := range list {
		phone, err := r.openPhone(ctx, a.PhoneSealed)
		if err != nil {
			phone = UnreadablePhone()
			rep.Unreadable = append(rep.Unreadable, a.Name)
		}
		out = append(out, registerRecord(a, phone, names))
	}
	return out, rep, nil
}

func registerRecord(a *Account, phone string, names map[string]string) []string {
	domains := make([]string, len(a.Domains))
	for i, d := range a.Domains {
		domains[i] = names[d]
	}
	third := "否"
	if a.ThirdParty {
		third = "是"
	}
	kind := ""
	if a.WeChatKind != "" {
		kind = govmedia.Print(govmedia.Chinese, "wechat_kind."+string(a.WeChatKind))
	}
	return []string{a.Name, govmedia.Print(govmedia.Chinese, "platform."+string(a.Platform)), kind,
		a.OriginalID, a.AppID, a.PlatformUID, a.HostOrg, a.Host.Name, a.OperatingUnit, third,
		a.PersonInCharge, phone, strings.Join(domains, "、"), stateWord(a.State), a.SecondAccountReason}
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
	if _, err := w.Write([]byte("\xef\xbb\xbf")); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(sheetCells(header)); err != nil {
		return err
	}
	for _, row := range rows {
		if err := cw.Write(sheetCells(row)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeXLSX(w io.Writer, header []string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	const name = "政务新媒体账号"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", toCells(header)); err != nil {
		return err
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, toCells(row)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// toCells writes every value as text, so that phone numbers and ids keep
// their leading zeros and digits, and never as a formula (see SheetCell).
func toCells(values []string) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = excelize.Cell{Value: SheetCell(v)}
	}
	return out
}
