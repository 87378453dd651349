// Package content checks what is about to be published against what must
// never go out and what a reviewer should look at twice (内容把关): a
// resident ID number, a mobile or bank card number, a word on the city's
// blocked list, a link outside its allow-list block a submission; a
// sensitive word, a known wrong expression with its correction, an
// outdated document number are warnings on the review card. The lists are
// the city office's, kept in versions; they are matched with an
// Aho–Corasick automaton built once per version.
//
// It imports no domain package: publishing and the catalog call it when
// something is submitted.
package content
