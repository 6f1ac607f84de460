// A self-signed certificate for db.example.test, made for these tests only: a server presenting it
// must be refused, since no trusted authority signed it.
export const SELF_SIGNED_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgb829uN95Gt5+XDQI
ffzYAmYLOSDAl/2vwwMAID1u0KihRANCAAQAoBmg2aLHGcyDsubzwdf5b1IGc9mV
N/cE1leRQ0svFJYgQfc1PxAd1mcfHhSuTHqBkXIWX3LUCvH8bvJjHPAi
-----END PRIVATE KEY-----`;

export const SELF_SIGNED_CERT = `-----BEGIN CERTIFICATE-----
MIIBpzCCAU2gAwIBAgIUd0sVlQ8Uq1/oDLkV060oNw2tevQwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPZGIuZXhhbXBsZS50ZXN0MCAXDTI2MTIwMzE4MzgxNFoYDzIx
MjYxMTA5MTgzODE0WjAaMRgwFgYDVQQDDA9kYi5leGFtcGxlLnRlc3QwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAAQAoBmg2aLHGcyDsubzwdf5b1IGc9mVN/cE1leR
Q0svFJYgQfc1PxAd1mcfHhSuTHqBkXIWX3LUCvH8bvJjHPAio28wbTAdBgNVHQ4E
FgQUiMIcUc5FSanp+mr8pQRA8I+y30wwHwYDVR0jBBgwFoAUiMIcUc5FSanp+mr8
pQRA8I+y30wwDwYDVR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgg9kYi5leGFtcGxl
LnRlc3QwCgYIKoZIzj0EAwIDSAAwRQIgd2KEBZXaFifEvulIPhFlemrK8ZZxQgsQ
/NDmu2w7+0QCIQDpJH7RM2hX0MuelaofWJfmc1g/kLN4kEVoQEZVzjmAww==
-----END CERTIFICATE-----`;
