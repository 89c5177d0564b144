package flashback

import "github.com/flashback-go/flashback-go/gen"

// CheckoutSession is the state of one checkout session, the generated model
// of openapi.yaml's CheckoutSession schema: a property added to the spec
// appears here after `go generate`. As in every model, a property the API
// sends as null or leaves out is the zero value: SubscriptionID is "" until
// the subscription exists, Status and PaymentStatus are "" when null. Their
// values are the generated enum constants, gen.CheckoutSessionStatusComplete
// and the like; Valid reports whether a value is one openapi.yaml knows,
// and a value it does not know is kept as received (the API may add
// states).
type CheckoutSession = gen.CheckoutSession
