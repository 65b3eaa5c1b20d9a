module helctic.test/nethttp

go 1.19
