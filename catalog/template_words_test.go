package catalog

import (
	"reflect"
	"testing"
)

// Counties word the headers a little differently; each wording is read
// by its meaning, brackets full-width or half-width, spaces anywhere.
func TestHeadersAreMatchedByMeaning(t *testing.T) {
	cases := map[field][]string{
		seqField:      {"序号", "编号", " 序 号 "},
		level1Field:   {"一级事项", "一级"},
		level2Field:   {"二级事项", "二级"},
		contentField:  {"公开内容", "公开内容（要素）", "公开内容(要素)", "公开要素", "公开内容\n（要素）", "公开内容 （ 要素 ）"},
		basisField:    {"公开依据", "依据"},
		deadlineField: {"公开时限", "时限"},
		subjectField:  {"公开主体", "责任主体", "公开责任主体", "公开　主体"},
		channelsField: {"公开渠道", "公开渠道和载体", "公开载体"},
		domainField:   {"领域", "试点领域"},
		modeWords:     {"公开方式"},
	}
	for want, headers := range cases {
		for _, h := range headers {
			if m, ok := lookupHeader(h); !ok || m.field != want {
				t.Errorf("%q: read as %v (%v), want field %v", h, m, ok, want)
			}
		}
	}
	if m, _ := lookupHeader("公开事项"); asItems(m).field != level2Field {
		t.Errorf("a lone 公开事项 column is not read as 二级事项")
	}
	for _, h := range []string{"备注", "三级事项", "市级"} {
		if m, ok := lookupHeader(h); ok {
			t.Errorf("%q was understood as %v, want it reported as not understood", h, m)
		}
	}
}

// The lower levels go by local names: 乡、村级 is both township and village.
func TestLevelSubColumnsReadTheirLocalNames(t *testing.T) {
	cases := map[string][]string{
		"县级": {"县级"}, "县（市、区）级": {"县级"}, "区级": {"县级"},
		"乡级": {"乡级"}, "镇级": {"乡级"}, "乡（镇）级": {"乡级"}, "乡镇（街道）级": {"乡级"}, "街道级": {"乡级"},
		"乡、村级": {"乡级", "村级"}, "镇级/村级": {"乡级", "村级"}, "村级": {"村级"},
	}
	for h, want := range cases {
		m, ok := lookupHeader(h)
		if !ok || m.field != levelMark || !reflect.DeepEqual(m.values, want) {
			t.Errorf("%q: read as %v (%v), want the levels %v", h, m.values, ok, want)
		}
	}
}

func TestMarksAreYesNoOrRefused(t *testing.T) {
	for _, v := range []string{"√", "✓", "✔", "是", "●", " √ ", "V"} {
		if yes, ok := readMark(v); !yes || !ok {
			t.Errorf("%q is not read as yes", v)
		}
	}
	for _, v := range []string{"", "×", "否", "空", "　"} {
		if yes, ok := readMark(v); yes || !ok {
			t.Errorf("%q is not read as no", v)
		}
	}
	for _, v := range []string{"？", "x", "主动", "√√"} {
		if _, ok := readMark(v); ok {
			t.Errorf("%q is read as a mark, want it refused", v)
		}
	}
}
