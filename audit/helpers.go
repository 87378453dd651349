package audit

import "govmedia/postgres"

var isNoRows = postgres.IsNoRows
