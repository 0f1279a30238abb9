/* include/irqlab/string.h - the freestanding string functions in lib/string.c. */
#ifndef IRQLAB_STRING_H
#define IRQLAB_STRING_H

#include <irqlab/types.h>

#ifdef IRQLAB_HOST_TEST
#include <string.h>     /* host unit tests use the C library's versions */
#else
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, size_t n);
char *strcat(char *dst, const char *src);
#endif

size_t strlcpy(char *dst, const char *src, size_t size);
bool str_starts_with(const char *s, const char *prefix);
/* The value of one hex digit, either case; -1 for any other character (Linux's). */
int hex_to_bin(unsigned char c);

#endif
