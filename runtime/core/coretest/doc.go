// Package coretest is an in-memory test environment for package core: a
// cluster of cores with fake durable storage, an application log per node
// that survives restarts, a network of in-flight messages that the test
// delivers, duplicates or drops one by one, and a checker of Raft's safety
// properties over the cluster's history.
//
// A test drives it by hand:
//
//	c, _ := coretest.NewCluster(3)
//	c.Step(1, core.ElectionTimeout{})
//	for len(c.Pending()) > 0 {
//		c.Deliver(0)
//	}
//	c.Step(1, core.Propose{Data: []byte("x")})
//
// Nothing here reads a clock or a random source; schedules are the test's.
package coretest
