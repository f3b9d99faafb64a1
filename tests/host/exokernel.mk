# Host unit tests for the exokernel mechanisms: capabilities and
# wake-up predicates.
HOST_TESTS += cap
cap_SRCS := tests/host/test_cap.c kernel/cap.c

HOST_TESTS += pred
pred_SRCS := tests/host/test_pred.c kernel/pred.c
