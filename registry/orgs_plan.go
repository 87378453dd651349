package registry

import (
	"sort"

	"govmedia"
)

// OrgRow is one row of an org import, with its row number in the file.
type OrgRow struct {
	Row int
	Org Org
}

// planOrgImport validates rows against each other and the existing tree and
// returns the orgs in an order where every parent comes first.
func planOrgImport(rows []OrgRow, existing map[string]*Org) ([]*Org, govmedia.FieldErrors) {
	var errs govmedia.FieldErrors
	merged := make(map[string]*Org, len(existing)+len(rows))
	for code, o := range existing {
		merged[code] = o
	}
	seen := map[string]int{}
	for i := range rows {
		o := &rows[i].Org
		if first, dup := seen[o.Code]; dup {
			errs = append(errs, govmedia.FieldError{Row: rows[i].Row, Column: "code",
				Err: govmedia.Errorf(govmedia.EINVALID, "org.duplicate_in_file", "code", o.Code, "row", first)})
			continue
		}
		seen[o.Code] = rows[i].Row
		merged[o.Code] = o
	}
	for i := range rows {
		errs = append(errs, checkOrgRow(&rows[i], merged)...)
	}
	errs = append(errs, checkOneOffice(rows, merged)...)
	if len(errs) > 0 {
		return nil, errs
	}
	return parentsFirst(rows, merged), nil
}

func checkOrgRow(row *OrgRow, merged map[string]*Org) govmedia.FieldErrors {
	o := &row.Org
	var parent *Org
	if o.ParentCode != "" {
		if parent = merged[o.ParentCode]; parent == nil {
			return govmedia.FieldErrors{{Row: row.Row, Column: "parent",
				Err: govmedia.Errorf(govmedia.EINVALID, "org.parent_unknown", "parent", o.ParentCode)}}
		}
		if reachesItself(o, merged) {
			return govmedia.FieldErrors{{Row: row.Row, Column: "parent",
				Err: govmedia.Errorf(govmedia.EINVALID, "org.cycle", "code", o.Code)}}
		}
	}
	if err := o.validateShape(parent); err != nil {
		return govmedia.FieldErrors{{Row: row.Row, Column: columnOf(err.Key), Err: err}}
	}
	return nil
}

func reachesItself(o *Org, merged map[string]*Org) bool {
	steps := 0
	for p := merged[o.ParentCode]; p != nil && steps <= len(merged); p = merged[p.ParentCode] {
		if p.Code == o.Code {
			return true
		}
		steps++
	}
	return false
}

// checkOneOffice refuses a second office under one government.
func checkOneOffice(rows []OrgRow, merged map[string]*Org) govmedia.FieldErrors {
	offices := map[string]string{}
	for code, o := range merged {
		if o.Kind == Office {
			if other, ok := offices[o.ParentCode]; ok && other != code {
				return govmedia.FieldErrors{{Row: rowOf(rows, code, other), Column: "kind",
					Err: govmedia.Errorf(govmedia.EINVALID, "org.second_office", "parent", o.ParentCode)}}
			}
			offices[o.ParentCode] = code
		}
	}
	return nil
}

func rowOf(rows []OrgRow, codes ...string) int {
	for _, r := range rows {
		for _, c := range codes {
			if r.Org.Code == c {
				return r.Row
			}
		}
	}
	return 0
}

func columnOf(key string) string {
	switch key {
	case "org.code_invalid":
		return "code"
	case "org.name_required":
		return "name"
	case "org.kind_invalid", "org.root_must_be_city":
		return "kind"
	case "org.parent_not_government":
		return "parent"
	}
	return "level"
}

// parentsFirst orders the imported orgs so that each parent precedes its
// children, keeping the file's order otherwise.
func parentsFirst(rows []OrgRow, merged map[string]*Org) []*Org {
	depth := func(o *Org) int {
		d := 0
		for p := merged[o.ParentCode]; p != nil; p = merged[p.ParentCode] {
			d++
		}
		return d
	}
	out := make([]*Org, len(rows))
	for i := range rows {
		out[i] = &rows[i].Org
	}
	sort.SliceStable(out, func(i, j int) bool { return depth(out[i]) < depth(out[j]) })
	return out
}

// treeOrder lists orgs depth-first from each root, children by code.
func treeOrder(all map[string]*Org) []*Org {
	children := map[string][]*Org{}
	for _, o := range all {
		children[o.ParentCode] = append(children[o.ParentCode], o)
	}
	for _, list := range children {
		sort.Slice(list, func(i, j int) bool { return list[i].Code < list[j].Code })
	}
	var out []*Org
	var walk func(code string)
	walk = func(code string) {
		for _, c := range children[code] {
			out = append(out, c)
			walk(c.Code)
		}
	}
	walk("")
	return out
}
