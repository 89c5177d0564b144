package flashback

// Version is this client's release. It is sent in the default User-Agent,
// "flashback-go/" + Version.
const Version = "0.1.0"

const defaultUserAgent = "flashback-go/" + Version
