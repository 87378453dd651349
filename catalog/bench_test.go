package catalog_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"govmedia/catalog"
	"govmedia/postgres/pgtest"
	"govmedia/registry"
)

// TestBenchCatalogSearch measures Catalog.Search over 100,000 current
// items: 400 catalogs of 250 items over the sample tree's 37 grassroots
// governments and the 26 domains, each imported, submitted and approved
// through its whole chain as a real one is. It prints p50 and p99 for one-,
// two- and four-character queries, across every government and within
// one. It runs only under `make bench` (GOVMEDIA_BENCH=1).
func TestBenchCatalogSearch(t *testing.T) {
	pgtest.Bench(t)
	const catalogs, perCatalog, queries = 400, 250, 600
	w := newWorld(t)
	start := time.Now()
	govs := w.publishBenchCatalogs(t, catalogs, perCatalog)
	t.Logf("%d current items in %d catalogs of %d governments, through the review chain, in %v",
		catalogs*perCatalog, catalogs, len(govs), time.Since(start).Round(time.Second))
	if _, err := w.DB.ExecContext(w.ctx, "ANALYZE catalog_search; ANALYZE catalog_items"); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range []int{1, 2, 4} {
		qs := benchQueries(rng, size, govs, queries)
		for _, q := range qs[:50] { // warm the caches, as a running service has them
			_, _ = w.cat.Search(w.ctx, q)
		}
		lat, found, slowest := w.timeSearches(t, qs)
		p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
		t.Logf("%d-character queries: p50 %v, p99 %v, max %v; %d of %d found something", size, p50, p99, lat[len(lat)-1], found, len(qs))
		if plan, err := w.cat.ExplainSearch(w.ctx, slowest); err == nil {
			t.Logf("the slowest %d-character query's plans (%+v):\n%s", size, slowest, plan)
		}
		ms := float64(p99.Microseconds()) / 1000
		pgtest.BenchRow(fmt.Sprintf("catalog search p99 over 100,000 items, %d-character queries", size), ms, "ms", "< 20", ms < 20)
		pgtest.BenchRow(fmt.Sprintf("catalog search p50 over 100,000 items, %d-character queries", size),
			float64(p50.Microseconds())/1000, "ms", "-", true)
	}
}

// timeSearches runs each query once and returns the sorted latencies, how
// many queries found an item, and the slowest query.
func (w *world) timeSearches(t *testing.T, qs []catalog.SearchQuery) ([]time.Duration, int, catalog.SearchQuery) {
	t.Helper()
	lat := make([]time.Duration, 0, len(qs))
	found := 0
	type slow struct {
		d time.Duration
		q catalog.SearchQuery
	}
	var slowest []slow
	for _, q := range qs {
		begin := time.Now()
		hits, err := w.cat.Search(w.ctx, q)
		if err != nil {
			t.Fatalf("search %+v: %v", q, err)
		}
		d := time.Since(begin)
		lat = append(lat, d)
		slowest = append(slowest, slow{d, q})
		if len(hits) > 0 {
			found++
		}
	}
	slices.SortFunc(slowest, func(a, b slow) int { return int(b.d - a.d) })
	for _, s := range slowest[:3] {
		t.Logf("slow: %v %+v", s.d, s.q)
	}
	slices.Sort(lat)
	return lat, found, slowest[0].q
}

// benchWords are what the bench catalogs are made of: the first- and
// second-level items and the contents grassroots catalogs hold.
var (
	benchLevel1 = []string{"招生入学", "学生资助", "最低生活保障", "特困人员救助供养", "临时救助", "养老服务机构", "就业创业服务",
		"社会保险经办", "财政预算公开", "财政决算公开", "征地补偿安置", "农村危房改造", "保障性住房分配", "环境质量监测",
		"食品安全抽检", "安全生产执法", "公共文化场馆", "基本公共卫生", "户口迁移办理", "法律援助服务", "耕地地力保护补贴",
		"扶贫项目资金", "税费优惠政策", "城市管理执法", "市政设施维护", "重大建设项目批准"}
	benchLevel2 = []string{"政策文件", "办事指南", "申请条件", "办理流程", "结果公示", "名单公布", "资金发放", "标准调整",
		"投诉举报", "监督检查", "年度报告", "统计数据"}
	benchContent = []string{"的名称、依据、条件、程序、时限和办理结果", "对象的姓名、所在村（社区）和保障金额",
		"实施方案、资金安排和绩效评价情况", "咨询电话、办理地点和监督渠道", "标准、范围、申报材料和审核程序"}
)

// benchItems are one catalog's n items, varied by the catalog's number.
func benchItems(n, catalogNo int) []catalog.Item {
	out := make([]catalog.Item, n)
	for k := range out {
		l1 := benchLevel1[(catalogNo+k/len(benchLevel2))%len(benchLevel1)]
		l2 := fmt.Sprintf("%s第%d项", benchLevel2[k%len(benchLevel2)], k+1)
		out[k] = item(l1, l2)
		out[k].Content = l1 + l2 + benchContent[(catalogNo+k)%len(benchContent)]
	}
	return out
}

// publishBenchCatalogs makes n current catalogs of perCatalog items, the
// (government, domain) pairs taken in turn, and returns the governments.
func (w *world) publishBenchCatalogs(t *testing.T, n, perCatalog int) []string {
	t.Helper()
	var govs []*registry.Org
	if err := w.DB.NewSelect().Model(&govs).Where("kind = 'government' AND level <> 'city'").OrderExpr("code").Scan(w.ctx); err != nil {
		t.Fatal(err)
	}
	domains, err := w.Registry.Domains(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	people := w.benchPeople(t, govs, domains)
	codes := make([]string, len(govs))
	for i, g := range govs {
		codes[i] = g.Code
	}
	for c := range n {
		g, d := govs[c%len(govs)], domains[(c/len(govs)+c)%len(domains)]
		w.publishBenchCatalog(t, g, d, benchItems(perCatalog, c), people)
	}
	return codes
}

// benchPeople are the members who compile, review and approve the bench
// catalogs: an operator per government, a reviewer per county office, a
// guide per guiding department, the city office's approver (by org code).
func (w *world) benchPeople(t *testing.T, govs []*registry.Org, domains []registry.Domain) map[string]*registry.Member {
	t.Helper()
	people := map[string]*registry.Member{"approver": w.approver}
	for _, g := range govs {
		if g.Level == registry.County {
			people["op:"+g.Code] = w.Member(t, g.Code+".office", registry.Operator, g.Name+"运营")
			people["review:"+g.Code] = w.Member(t, g.Code+".office", registry.Reviewer, g.Name+"审核")
		} else {
			people["op:"+g.Code] = w.Member(t, g.Code, registry.Operator, g.Name+"运营")
		}
	}
	for _, d := range domains {
		for _, org := range d.GuidingOrgs {
			if people["guide:"+org] == nil {
				people["guide:"+org] = w.Member(t, org, registry.Guide, org+"指导")
			}
		}
	}
	return people
}

// publishBenchCatalog imports, submits and approves one catalog.
func (w *world) publishBenchCatalog(t *testing.T, g *registry.Org, d registry.Domain, list []catalog.Item, people map[string]*registry.Member) {
	t.Helper()
	op := people["op:"+g.Code]
	if _, err := w.cat.Import(w.ctx, w.edit(op), g.Code, []catalog.DomainItems{{Domain: d.Code, Items: list}}, "bench.xlsx"); err != nil {
		t.Fatalf("import %s %s: %v", g.Code, d.Code, err)
	}
	_, app, err := w.cat.Submit(w.ctx, op, g.Code, d.Code)
	if err != nil {
		t.Fatalf("submit %s %s: %v", g.Code, d.Code, err)
	}
	var deciders []*registry.Member
	if g.Level == registry.Township {
		deciders = append(deciders, people["review:"+g.ParentCode])
	}
	for _, org := range d.GuidingOrgs {
		deciders = append(deciders, people["guide:"+org])
	}
	w.approve(t, app.ID, append(deciders, people["approver"])...)
}

// benchQueries are n queries of size characters, cut from the words the
// catalogs hold (so that most find something) or, one in ten, made of
// characters no item holds; a third search within one government.
func benchQueries(rng *rand.Rand, size int, govs []string, n int) []catalog.SearchQuery {
	var words []string
	for _, list := range [][]string{benchLevel1, benchLevel2, benchContent} {
		for _, s := range list {
			if len([]rune(s)) >= size {
				words = append(words, s)
			}
		}
	}
	out := make([]catalog.SearchQuery, n)
	for i := range out {
		word := []rune(words[rng.IntN(len(words))])
		from := rng.IntN(len(word) - size + 1)
		q := catalog.SearchQuery{Q: string(word[from : from+size])}
		if rng.IntN(10) == 0 {
			q.Q = string([]rune("鑫龘麤靐")[:size])
		}
		if rng.IntN(3) == 0 {
			q.Org = govs[rng.IntN(len(govs))]
		}
		out[i] = q
	}
	return out
}
