package registry

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// nameMatcher finds what a register's cell names among units or domains:
// by code, by its exact name (full-width forms and spaces aside), else
// partly. A city's register writes 五华区教育体育局 or 昆明市五华区教育体育局
// where the registry has km.wuhua.dept.edu; 教育 for 义务教育.
type nameMatcher struct {
	byCode map[string]string   // matchKey(code) → code
	byName map[string][]string // matchKey(name) → codes
	list   []named
	parent map[string]string // code → parent code (units)
	gov    map[string]bool   // governments (units)
	suffix string            // a word the cells may add to a name ("领域")
}

type named struct{ code, name, key string }

func newNameMatcher(suffix string) *nameMatcher {
	return &nameMatcher{byCode: map[string]string{}, byName: map[string][]string{}, parent: map[string]string{},
		gov: map[string]bool{}, suffix: suffix}
}

func (m *nameMatcher) add(code, name string) {
	key := matchKey(name)
	m.byCode[matchKey(code)] = code
	m.byName[key] = append(m.byName[key], code)
	m.list = append(m.list, named{code: code, name: name, key: key})
}

// find returns the code ref names; else the names it could mean (none:
// unknown; several: ambiguous). A partial match looks first among the
// units under scope (the government of the register's 填报单位), when
// there is one.
func (m *nameMatcher) find(ref, scope string) (string, []string) {
	key := matchKey(ref)
	if code, ok := m.byCode[key]; ok {
		return code, nil
	}
	if m.suffix != "" && key != m.suffix {
		key = strings.TrimSuffix(key, m.suffix)
	}
	if codes := m.byName[key]; len(codes) > 0 {
		return m.pick(codes)
	}
	if utf8.RuneCountInString(key) < 2 {
		return "", nil
	}
	if scope != "" {
		if code, names := m.partial(key, scope); code != "" || len(names) > 0 {
			return code, names
		}
	}
	return m.partial(key, "")
}

func (m *nameMatcher) pick(codes []string) (string, []string) {
	if len(codes) == 1 {
		return codes[0], nil
	}
	var names []string
	for _, n := range m.list {
		if slices.Contains(codes, n.code) {
			names = append(names, n.name+"（"+n.code+"）")
		}
	}
	return "", names
}

// partial matches key against the names under scope ("" for all): the
// names the cell holds whole (the most telling of them, when it holds the
// others too: 五华区人民政府办公室 over 五华区人民政府), else the one
// name that holds the cell.
func (m *nameMatcher) partial(key, scope string) (string, []string) {
	var inCell, holding []named
	for _, n := range m.list {
		if n.key == "" || (scope != "" && !m.under(n.code, scope)) {
			continue
		}
		switch {
		case strings.Contains(key, n.key):
			inCell = append(inCell, n)
		case strings.Contains(n.key, key):
			holding = append(holding, n)
		}
	}
	if len(inCell) > 0 {
		return telling(inCell)
	}
	if len(holding) == 1 {
		return holding[0].code, nil
	}
	return "", nameList(holding)
}

// telling is the one name that holds all the others, if there is one.
func telling(list []named) (string, []string) {
	for _, n := range list {
		all := true
		for _, o := range list {
			all = all && strings.Contains(n.key, o.key)
		}
		if all {
			return n.code, nil
		}
	}
	return "", nameList(list)
}

func nameList(list []named) []string {
	names := make([]string, len(list))
	for i, n := range list {
		names[i] = n.name
	}
	return names
}

// under reports whether code is scope or below it.
func (m *nameMatcher) under(code, scope string) bool {
	for seen := 0; code != "" && seen < 16; seen++ {
		if code == scope {
			return true
		}
		code = m.parent[code]
	}
	return false
}

// government is the government code belongs to (itself, if it is one).
func (m *nameMatcher) government(code string) string {
	for seen := 0; code != "" && seen < 16; seen++ {
		if m.gov[code] {
			return code
		}
		code = m.parent[code]
	}
	return ""
}

// candidates names at most five of the names a cell could mean.
func candidates(names []string) string {
	return strings.Join(names[:min(len(names), 5)], "、")
}
