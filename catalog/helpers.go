package catalog

import (
	"encoding/json"
	"strconv"

	"govmedia"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func marshal(v any) []byte {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return raw
}

func errFormat(format string) error {
	return govmedia.Errorf(govmedia.EINVALID, "catalog.format", "format", format)
}
