package publish

import (
	"strings"

	"govmedia"
)

// policyProblem is one thing wrong with a policy draft: in which part (0
// the policy, n its n-th interpretation), which field, and why.
type policyProblem struct {
	Part  int
	Field string
	Err   *govmedia.Error
}

// policyProblems are every problem found in one policy draft.
type policyProblems []policyProblem

// Message renders one line per problem, naming the part and field.
func (l policyProblems) Message(lang govmedia.Language) string {
	lines := make([]string, len(l))
	for i, p := range l {
		part := govmedia.Print(lang, "policy.part_policy")
		if p.Part > 0 {
			part = govmedia.Print(lang, "policy.part_interpretation", "n", p.Part)
		}
		lines[i] = govmedia.Print(lang, "policy.problem_line", "part", part,
			"field", govmedia.Print(lang, "policy.field."+p.Field), "reason", p.Err.Message(lang))
	}
	return strings.Join(lines, "\n")
}

func (l *policyProblems) add(part int, field, key string, args ...any) {
	*l = append(*l, policyProblem{Part: part, Field: field, Err: govmedia.Errorf(govmedia.EINVALID, key, args...)})
}

func (l *policyProblems) addErr(part int, field string, err error) {
	var e *govmedia.Error
	if ge, ok := err.(*govmedia.Error); ok {
		e = ge
	} else {
		e = govmedia.Errorf(govmedia.EINVALID, "error.internal")
	}
	*l = append(*l, policyProblem{Part: part, Field: field, Err: e})
}

// err is the refusal of a draft with these problems, nil for none.
func (l policyProblems) err() error {
	if len(l) == 0 {
		return nil
	}
	return govmedia.Errorf(govmedia.EINVALID, "policy.refused", "count", len(l), "problems", l)
}

// Problems lists the message keys of a policy draft's refusal, for tests
// and front ends that react to one reason; nil for any other error.
func Problems(err error) []string {
	e, ok := err.(*govmedia.Error)
	if !ok || e.Key != "policy.refused" {
		return nil
	}
	for i := 0; i+1 < len(e.Args); i += 2 {
		if l, ok := e.Args[i+1].(policyProblems); ok {
			keys := make([]string, len(l))
			for j, p := range l {
				keys[j] = p.Err.Key
			}
			return keys
		}
	}
	return nil
}
