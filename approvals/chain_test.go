package approvals_test

import (
	"context"
	"reflect"
	"testing"

	"govmedia/approvals"
)

func TestChainsClimbEveryOfficeToTheCity(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	cases := []struct {
		applicant string
		want      []string
	}{
		{"km.wuhua.huashan", []string{"km.wuhua.office:reviewer", "km.office:approver"}},  // township
		{"km.wuhua.dept.edu", []string{"km.wuhua.office:reviewer", "km.office:approver"}}, // county department
		{"km.dept.jyt", []string{"km.office:approver"}},                                   // city department
		{"km.office", []string{"km.office:approver"}},                                     // the city office itself
		{"km.wuhua.office", []string{"km.office:approver"}},                               // a county office
	}
	for _, c := range cases {
		chain, err := approvals.OfficeChain(context.Background(), w.DB, c.applicant)
		if err != nil {
			t.Fatalf("%s: %v", c.applicant, err)
		}
		var got []string
		for _, s := range chain {
			got = append(got, s.Office+":"+string(s.Role))
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("chain of %s = %v, want %v", c.applicant, got, c.want)
		}
	}
}
