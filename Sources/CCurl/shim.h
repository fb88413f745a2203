#ifndef LOYALNEST_CCURL_SHIM_H
#define LOYALNEST_CCURL_SHIM_H
#include <curl/curl.h>

// curl_easy_setopt/getinfo are variadic macros-with-types; Swift cannot call C variadics, so wrap each
// argument type once.
static inline CURLcode ln_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ln_curl_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ln_curl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ln_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ln_curl_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ln_curl_getinfo_off_t(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline curl_version_info_data *ln_curl_version_info(void) { return curl_version_info(CURLVERSION_NOW); }

// Callback setters: a Swift @convention(c) function passed as a typed pointer (setopt is variadic).
typedef size_t (*ln_curl_data_callback)(char *data, size_t size, size_t count, void *context);
typedef int (*ln_curl_xferinfo_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode ln_curl_setopt_data_callback(CURL *h, CURLoption o, ln_curl_data_callback f) { return curl_easy_setopt(h, o, f); }
static inline CURLcode ln_curl_setopt_xferinfo_callback(CURL *h, ln_curl_xferinfo_callback f) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f); }
static inline CURLcode ln_curl_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
#endif
