package content_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"govmedia"
	"govmedia/oversight/content"
	"govmedia/postgres/pgtest"
	"govmedia/registry/registrytest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// TestTheNewestListsAreInForceAndOldOnesKept replaces the lists twice: a
// check made through a transaction sees the newest version, and each
// version stays as it was.
func TestTheNewestListsAreInForceAndOldOnesKept(t *testing.T) {
	env := registrytest.New(t)
	ctx := context.Background()
	c := content.NewChecker(env.DB.DB, nil)
	text := []content.Text{{Where: "正文", Body: "这里有旧词和新词"}}
	if r, err := c.Check(ctx, env.DB, text); err != nil || len(r.Findings) != 0 {
		t.Fatalf("with no lists: %+v %v", r, err)
	}
	v1, err := c.Replace(ctx, govmedia.Operator("t"), []content.Entry{{Kind: content.EntryBlocked, Word: "旧词"}}, "a.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := c.Check(ctx, env.DB, text); len(r.Blocking()) != 1 || r.Version != v1 {
		t.Fatalf("after the first lists: %+v", r)
	}
	v2, err := c.Replace(ctx, govmedia.Operator("t"), []content.Entry{{Kind: content.EntrySensitive, Word: "新词"}}, "b.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := env.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	r, err := c.Check(ctx, tx, text)
	if err != nil || len(r.Blocking()) != 0 || len(r.Warnings()) != 1 || r.Version != v2 {
		t.Fatalf("after the second lists: %+v %v", r, err)
	}
	var kept int
	_ = env.DB.NewRaw("SELECT count(*) FROM wordlist_entries WHERE version_id = ?", v1).Scan(ctx, &kept)
	if kept != 1 {
		t.Fatalf("the first version holds %d entries, want it kept as it was", kept)
	}
}

func TestListsFilesRoundTripAndBadRowsAreAllReported(t *testing.T) {
	entries := []content.Entry{{Kind: content.EntryBlocked, Word: "绝密"}, {Kind: content.EntrySensitive, Word: "=群体"},
		{Kind: content.EntryCorrection, Word: "共合国", Correction: "共和国", Note: "常见错字"}, {Kind: content.EntryHost, Word: "km.gov.cn"}}
	for _, format := range []string{"xlsx", "csv"} {
		var buf bytes.Buffer
		if err := content.WriteFile(&buf, format, entries); err != nil {
			t.Fatal(err)
		}
		back, err := content.ReadFile("lists."+format, buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if len(back) != len(entries) || back[1].Word != "=群体" || back[2].Correction != "共和国" {
			t.Fatalf("%s read back as %+v", format, back)
		}
	}
	bad := "审查词表\n类型,词语,更正为\n屏蔽词,绝密,\n奇怪词,某词,\n错误表述,共合国,\n敏感词,绝密,多余\n"
	_, err := content.ReadFile("bad.csv", []byte(bad))
	list, ok := err.(govmedia.FieldErrors)
	if !ok || len(list) != 1 || !strings.Contains(list.Message(govmedia.Chinese), "奇怪词") {
		t.Fatalf("bad kinds: %v", err)
	}
	_, err = content.ReadFile("bad.csv", []byte("类型,词语,更正为\n错误表述,共合国,\n敏感词,绝密,多余\n屏蔽词,x,\n屏蔽词,x,\n"))
	if list, ok = err.(govmedia.FieldErrors); !ok || len(list) != 3 {
		t.Fatalf("bad entries: %v", err)
	}
}
