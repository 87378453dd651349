package bot_test

import (
	"context"
	"testing"
	"time"

	"govmedia"
	"govmedia/oversight"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// countyMilestone is a milestone of the confirmed kind binding the
// counties, set by the city office on first use.
func (s *matrixSubjects) countyMilestone(t *testing.T) int64 {
	if s.milestone == 0 {
		w := s.w
		m, err := w.over.AddMilestone(context.Background(), w.approver.member, "矩阵县级节点", oversight.Confirmed, registry.County, w.env.Clock.Now().AddDate(0, 0, 30))
		if err != nil {
			t.Fatal(err)
		}
		s.milestone = m.ID
	}
	return s.milestone
}

// dormantAccount is an active Weibo account of 五华区教育体育局 opened 100
// days ago and silent since, made on first use.
func (s *matrixSubjects) dormantAccount(t *testing.T) int64 {
	if s.dormant == 0 {
		w, ctx := s.w, context.Background()
		f := registrytest.WeChat("五华矩阵僵尸号")
		f.Platform, f.WeChatKind, f.SecondAccountReason = registry.Weibo, "", "矩阵测试另设"
		a, err := w.env.Registry.CreateAccount(ctx, w.env.DB, "km.wuhua.dept.edu", f, registry.Active,
			registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"})
		if err != nil {
			t.Fatal(err)
		}
		opened := w.env.Clock.Now().Add(-100 * 24 * time.Hour) // as if imported from the register it was opened in
		if _, err := w.env.DB.NewUpdate().Table("accounts").Set("created_at = ?", opened).Where("id = ?", a.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		s.dormant = a.ID
	}
	return s.dormant
}
