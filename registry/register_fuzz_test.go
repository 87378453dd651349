package registry

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"govmedia"
)

// FuzzImportRegister feeds the register's parser any bytes, as CSV and as
// xlsx: it must never panic or hang, refuse a file only with a user's
// error, and locate every problem it reports by row and column with a
// message in both languages.
func FuzzImportRegister(f *testing.F) {
	f.Add([]byte("账号名称,平台,主办单位\n五华发布,微信公众号（订阅号）,km.wuhua.office\n"), false)
	f.Add([]byte("登记表\n填报单位：五华区人民政府办公室\n序号,名称,开办单位,负责人,\n,,,姓名,电话\n1,五华教育,区教育体育局,王五,139\n合计,1\n备注：无\n"), false)
	f.Add([]byte("\xef\xbb\xbf账号名称;平台;主办单位;覆盖领域\n甲;抖音;;\"义务教育、\n社会救助\"\n"), false)
	f.Add([]byte("\xd5\xcb\xba\xc5\xc3\xfb\xb3\xc6,\xc6\xbd\xcc\xa8\n"), false) // 账号名称,平台 in GB18030
	f.Add([]byte("PK\x03\x04"), true)
	for _, name := range []string{"testdata/wps/city-register.xlsx", "testdata/csv/bad-rows.gb18030.csv"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, bytes.HasPrefix(data, []byte("PK")))
	}
	f.Fuzz(func(t *testing.T, data []byte, xlsx bool) {
		name := "r.csv"
		if xlsx {
			name = "r.xlsx"
		}
		defer watch(data)()
		reg, err := parseRegister(bytes.NewReader(data), name)
		if err != nil {
			var e *govmedia.Error
			if reg != nil || !errors.As(err, &e) || e.Code != govmedia.EINVALID {
				t.Fatalf("refused with %T %v, want a user's error and nothing parsed", err, err)
			}
			return
		}
		for _, fe := range reg.errs {
			if fe.Row <= 0 || fe.Column == "" || fe.Err == nil || !govmedia.HasText(govmedia.Chinese, fe.Err.Key) || !govmedia.HasText(govmedia.English, fe.Err.Key) {
				t.Fatalf("a problem not located or without its message: %+v", fe)
			}
		}
		for _, row := range reg.rows {
			if row.row <= 0 || row.sheet == nil {
				t.Fatalf("a row without its place: %+v", row)
			}
		}
	})
}

// watch stops the process, naming the input, if a parse runs for longer
// than any file could need: the fuzzer then keeps the input as a crasher,
// as it does not for one that hangs.
func watch(data []byte) (stop func()) {
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			panic(fmt.Sprintf("parsing %d bytes took over 5 s: %q", len(data), data))
		}
	}()
	return func() { close(done) }
}
