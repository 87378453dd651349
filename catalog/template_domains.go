package catalog

import (
	"strconv"
	"strings"
	"unicode"

	"govmedia/registry"
)

// domainMatcher finds the pilot domains a sheet name, a title or a 领域
// cell names: by code, by name, or by the number of the notice's table
// (several domains share a number, 5 being 社会救助 and 养老服务).
type domainMatcher struct {
	list     []registry.Domain
	byCode   map[string]string // code → name
	byName   map[string]string // name → code
	byNumber map[int][]string
}

func newDomainMatcher(list []registry.Domain) *domainMatcher {
	m := &domainMatcher{list: list, byCode: map[string]string{}, byName: map[string]string{}, byNumber: map[int][]string{}}
	for _, d := range list {
		m.byCode[d.Code], m.byName[d.Name] = d.Name, d.Code
		m.byNumber[d.NoticeRow] = append(m.byNumber[d.NoticeRow], d.Code)
	}
	return m
}

// match returns the codes of the domains text names: "3.义务教育",
// "义务教育领域", "compulsory-education", "3", or "社会救助、养老服务" (two).
func (m *domainMatcher) match(text string) []string {
	num, name := splitNumber(strings.Join(strings.Fields(text), ""))
	name = strings.TrimSuffix(name, "领域")
	if code, ok := m.byName[name]; ok {
		return []string{code}
	}
	if _, ok := m.byCode[strings.ToLower(name)]; ok {
		return []string{strings.ToLower(name)}
	}
	if name == "" && num > 0 {
		return m.byNumber[num]
	}
	return m.contained(name)
}

// contained returns the domains whose names appear in text, in the
// notice's order.
func (m *domainMatcher) contained(text string) []string {
	var out []string
	for _, d := range m.list {
		if d.Name != "" && strings.Contains(text, d.Name) {
			out = append(out, d.Code)
		}
	}
	return out
}

// titleDomain is the one domain a title such as
// "XX县义务教育领域基层政务公开标准目录" names: the name just before 领域,
// or else the only one it contains.
func (m *domainMatcher) titleDomain(title string) string {
	if before, _, ok := strings.Cut(title, "领域"); ok {
		for _, d := range m.list {
			if d.Name != "" && strings.HasSuffix(before, d.Name) {
				return d.Code
			}
		}
	}
	if found := m.contained(title); len(found) == 1 {
		return found[0]
	}
	return ""
}

// splitNumber splits a leading number and its punctuation off text
// ("3.义务教育" → 3, "义务教育"); num is 0 when there is none.
func splitNumber(text string) (int, string) {
	i := strings.IndexFunc(text, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		i = len(text)
	}
	if i == 0 {
		return 0, text
	}
	num, _ := strconv.Atoi(text[:i])
	return num, strings.TrimLeftFunc(text[i:], func(r rune) bool {
		return unicode.IsPunct(r) || unicode.IsSpace(r)
	})
}
