package checker

// Symmetric is implemented by models whose states can be renamed: values of
// a symmetric domain (servers, say) are interchangeable, so a state and any
// renaming of it have the same behaviours up to that renaming. Generated
// models of specs with a `symmetric domain` implement it.
type Symmetric[S any] interface {
	// CanonicalFingerprint returns a fingerprint that is the same for s and
	// for every renaming of s, and differs otherwise (up to hash
	// collisions). Like Fingerprint, it must not allocate.
	CanonicalFingerprint(s *S) uint64

	// Renamings returns the number of renamings, the identity first.
	Renamings() int

	// Rename writes to dst the state s renamed by renaming i.
	Rename(s *S, i int, dst *S)

	// DescribeRenaming names the values renaming i moves, for messages.
	DescribeRenaming(i int) string
}

// symModel is a model whose states are identified up to renaming: it
// fingerprints by CanonicalFingerprint. States themselves are not renamed,
// so traces show the names that the actions really used.
type symModel[S any, A any] struct {
	Model[S, A]
	sym Symmetric[S]
}

func (m symModel[S, A]) Fingerprint(s *S) uint64 { return m.sym.CanonicalFingerprint(s) }

// withSymmetry returns m reduced by symmetry when opts ask for it, once a
// sample of its states shows the renamings to be symmetries.
func withSymmetry[S any, A any](m Model[S, A], opts Options) (Model[S, A], error) {
	if !opts.Symmetry {
		return m, nil
	}
	if err := CheckSymmetry(m, symmetrySample); err != nil {
		return nil, err
	}
	return symModel[S, A]{Model: m, sym: m.(Symmetric[S])}, nil
}
