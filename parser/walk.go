package parser

import "reflect"

// Inspect traverses the AST rooted at node in depth-first order, calling f
// for every node (a pointer to an AST struct) before its children. When f
// returns false, Inspect skips the node's children.
func Inspect(node any, f func(any) bool) {
	inspect(reflect.ValueOf(node), f)
}

func inspect(v reflect.Value, f func(any) bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return
		}
		if !f(v.Interface()) {
			return
		}
		s := v.Elem()
		for i := 0; i < s.NumField(); i++ {
			if s.Type().Field(i).IsExported() {
				inspect(s.Field(i), f)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.Pointer {
			return
		}
		for i := 0; i < v.Len(); i++ {
			inspect(v.Index(i), f)
		}
	}
}
