/*
 * test_kformat - the kernel's printf formatting (kernel/kformat.c)
 * through ksnprintf: every conversion, widths and padding, cutting
 * short, and what is returned.
 */
#include "check.h"
#include "kformat.h"

static char buf[128];

/* ksnprintf into buf; checks the return value is the full length. */
#define FMT(want, ...)                                                       \
	do {                                                                 \
		int n_ = ksnprintf(buf, sizeof(buf), __VA_ARGS__);           \
		CHECK_STR(buf, want);                                        \
		CHECK_EQ(n_, strlen(want));                                  \
	} while (0)

/** Decimal conversions print signed and unsigned values exactly, at every size. */
TEST(decimal)
{
	FMT("0 7 -7", "%d %i %d", 0, 7, -7);
	FMT("2147483647 -2147483648", "%d %d", 2147483647, (int)-2147483648LL);
	FMT("4294967295", "%u", 4294967295u);
	FMT("-9223372036854775808", "%ld", (long)(-9223372036854775807LL - 1));
	FMT("18446744073709551615", "%lu", 18446744073709551615UL);
	FMT("18446744073709551615", "%llu", 18446744073709551615ULL);
	FMT("42", "%zu", (size_t)42);
}

/** Hex is lower case without a prefix; %p is 0x and 16 digits. */
TEST(hex_and_pointers)
{
	FMT("0 ff deadbeef", "%x %x %x", 0u, 255u, 0xdeadbeefu);
	FMT("ffffffffffffffff", "%lx", ~0UL);
	FMT("0x0000000000001000", "%p", (void *)0x1000);
	FMT("0x0000000000000000", "%p", (void *)0);
}

/** A width pads with spaces, or zeros after '0', and never cuts a longer value. */
TEST(width_and_padding)
{
	FMT("   42", "%5d", 42);
	FMT("00042", "%05d", 42);
	FMT("  -42", "%5d", -42);
	FMT("000000ff", "%08x", 255u);
	FMT("123456", "%3d", 123456);
	FMT("   ab", "%5s", "ab");
	FMT("abcdef", "%3s", "abcdef");
	FMT("      1000", "%10lx", 0x1000UL);
}

/** Strings and characters print as they are, %% a percent sign. */
TEST(strings_and_chars)
{
	FMT("a-b", "%c-%c", 'a', 'b');
	FMT("100%", "100%%");
	FMT("", "%s", "");
}

/* ksnprintf called through a pointer, which carries no format
 * attribute: for formats gcc would refuse. */
static int (*const volatile unchecked)(char *, size_t, const char *, ...) = ksnprintf;

/** An unknown conversion is printed as it stands, a lone '%' at the end too; a NULL string is "(null)". */
TEST(unknown_conversions)
{
	CHECK_EQ(unchecked(buf, sizeof(buf), "%q %d", 5), 4);
	CHECK_STR(buf, "%q 5");
	CHECK_EQ(unchecked(buf, sizeof(buf), "50%"), 3);
	CHECK_STR(buf, "50%");
	CHECK_EQ(unchecked(buf, sizeof(buf), "x (null) y", NULL), 10);
	CHECK_EQ(unchecked(buf, sizeof(buf), "x %s y", NULL), 10);
	CHECK_STR(buf, "x (null) y");
}

/** The output is cut at size - 1 and always ends in NUL; the full length is returned. */
TEST(truncation)
{
	memset(buf, 'z', sizeof(buf));
	CHECK_EQ(ksnprintf(buf, 5, "%s", "abcdefgh"), 8);
	CHECK_STR(buf, "abcd");
	CHECK_EQ(buf[5], 'z');
	memset(buf, 'z', sizeof(buf));
	CHECK_EQ(ksnprintf(buf, 1, "%d", 12345), 5);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'z');
	CHECK_EQ(ksnprintf(buf, 6, "%05d", 42), 5);
	CHECK_STR(buf, "00042");
}

/** With size 0 nothing is written, and the length is still returned. */
TEST(size_zero)
{
	memset(buf, 'z', sizeof(buf));
	CHECK_EQ(ksnprintf(buf, 0, "hello %s", "world"), 11);
	CHECK_EQ(buf[0], 'z');
	CHECK_EQ(ksnprintf(NULL, 0, "%lu", 1234567UL), 7);
}

/* Counts what kvformat hands a sink. */
static void count_put(void *ctx, char c)
{
	(void)c;
	++*(int *)ctx;
}

static int format_count(const char *fmt, ...)
{
	va_list ap;
	int n = 0, r;

	va_start(ap, fmt);
	r = kvformat(count_put, &n, fmt, ap);
	va_end(ap);
	return r == n ? n : -1;
}

/** kvformat hands the sink each character once and returns how many. */
TEST(sink)
{
	CHECK_EQ(format_count("%s=%lx", "pc", 0xffffffff80200000UL), 19);
	CHECK_EQ(format_count(""), 0);
}

TEST_MAIN()
