package registry

import (
	"context"
	"io"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/audit"
)

// orgColumns maps the accepted headers of an org file to fields: the
// English ones of the sample file and their Chinese equivalents.
var orgColumns = map[string]string{
	"code": "code", "代码": "code", "编码": "code",
	"parent": "parent", "上级": "parent", "上级代码": "parent",
	"kind": "kind", "类型": "kind",
	"level": "level", "层级": "level",
	"name": "name", "名称": "name",
}

var kindWords = map[string]OrgKind{"政府": Government, "办公室": Office, "部门": Department}
var levelWords = map[string]Level{"市": City, "市级": City, "县": County, "县级": County, "乡": Township, "乡级": Township}

// ParseOrgs reads an org file (CSV or XLSX, as the sample file
// data/orgs.csv: code,parent,kind,level,name). Every bad row is reported.
func ParseOrgs(r io.Reader, fileName string) ([]OrgRow, error) {
	sheet, err := readSheet(r, fileName)
	if err != nil {
		return nil, err
	}
	cols, err := sheet.columns(orgColumns, "code", "kind", "level", "name")
	if err != nil {
		return nil, err
	}
	var rows []OrgRow
	for _, rec := range sheet.records {
		o := Org{
			Code: rec.get(cols, "code"), ParentCode: rec.get(cols, "parent"), Name: rec.get(cols, "name"),
			Kind: OrgKind(rec.get(cols, "kind")), Level: Level(rec.get(cols, "level")),
		}
		if k, ok := kindWords[string(o.Kind)]; ok {
			o.Kind = k
		}
		if l, ok := levelWords[string(o.Level)]; ok {
			o.Level = l
		}
		rows = append(rows, OrgRow{Row: rec.row, Org: o})
	}
	return rows, nil
}

func (r *Registry) auditOrg(ctx context.Context, tx bun.IDB, actor govmedia.Actor, action string, o *Org) error {
	return audit.Append(ctx, tx, r.now(), actor, "org", o.Code, action,
		map[string]string{"parent": o.ParentCode, "kind": string(o.Kind), "level": string(o.Level), "name": o.Name})
}
