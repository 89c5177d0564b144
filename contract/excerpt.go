package contract

// excerptBytes bounds the part of a body a Violation carries.
const excerptBytes = 512
