package bot_test

import (
	"context"
	"strings"
	"testing"

	"govmedia/registry"
)

// fillOpenForm answers every question of the open form for a WeChat
// subscription account named name.
func (w *world) fillOpenForm(p person, name string) {
	w.t.Helper()
	w.say(p, "/apply")
	w.press(p, p.id, "开设新账号")
	w.press(p, p.id, "微信公众号")
	w.press(p, p.id, "订阅号")
	w.expect(p.id, "账号名称")
	w.say(p, name)
	w.expect(p.id, "运营单位")
	w.say(p, "-")
	w.press(p, p.id, "否")
	w.expect(p.id, "负责人姓名")
	w.say(p, "赵磊")
	w.expect(p.id, "联系电话")
	w.say(p, "139 8765 4321")
	w.expect(p.id, "试点领域")
	w.press(p, p.id, "义务教育")
	w.press(p, p.id, "公共文化服务")
	w.press(p, p.id, "完成")
	w.expect(p.id, "请核对")
}

func TestTownshipOpensAnAccountThroughCountyAndCity(t *testing.T) {
	t.Parallel()
	w := newWorld(t, worldOpts{})
	w.fillOpenForm(w.township, "华山街道发布")
	summary := w.expect(w.township.id, "请核对")
	if !strings.Contains(summary.Text, "139****4321") || strings.Contains(summary.Text, "98765") {
		t.Errorf("the summary shows the phone unmasked or not at all:\n%s", summary.Text)
	}
	w.press(w.township, w.township.id, "✅ 提交")
	w.expect(w.township.id, "已提交，现在由五华区人民政府办公室审核")

	card := w.expect(w.wuhuaGroup, "开设账号申请")
	for _, want := range []string{"华山街道发布", "五华区华山街道办事处", "⏳ 五华区人民政府办公室", "▫️ 昆明市人民政府办公室", "139****4321"} {
		if !strings.Contains(card.Text, want) {
			t.Errorf("the county's card lacks %q:\n%s", want, card.Text)
		}
	}
	w.press(w.reviewer, w.wuhuaGroup, "同意")
	edited := w.expect(w.wuhuaGroup, "✅ 五华区人民政府办公室 — 李强")
	if strings.Contains(buttonsOf(edited), "同意") {
		t.Errorf("the decided card still has decision buttons")
	}
	w.expect(w.township.id, "已通过五华区人民政府办公室，现由昆明市人民政府办公室审批")

	w.expect(w.cityGroup, "⏳ 昆明市人民政府办公室")
	if ans := w.press(w.approver, w.cityGroup, "同意"); ans.ShowAlert {
		t.Fatalf("the city's approval was refused: %s", ans.Text)
	}
	w.expect(w.cityGroup, "✅ 昆明市人民政府办公室 — 张敏")
	w.expect(w.township.id, "已获批准")

	page, err := w.env.Registry.Search(context.Background(), registry.DirectoryQuery{Q: "华山街道发布", States: []registry.State{registry.Approved}})
	if err != nil || len(page.Accounts) != 1 || page.Accounts[0].HostOrg != "km.wuhua.huashan" {
		t.Fatalf("the approved account is not in the registry: %+v %v", page, err)
	}
}
