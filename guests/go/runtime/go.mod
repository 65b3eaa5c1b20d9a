module helctic.test/runtime

go 1.19
