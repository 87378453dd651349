package bot

import "govmedia/postgres"

var isNoRows = postgres.IsNoRows
