package oversight

import (
	"database/sql"
	"errors"
	"strconv"
)

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
