/**
 * Consumer mail providers: an address there says nothing about the person's company, so their
 * domains never produce a domain → company suggestion.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'msn.com',
  'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'ymail.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com',
  'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'yandex.com',
  'yandex.ru', 'mail.ru', 'zoho.com', 'fastmail.com', 'hey.com', 'qq.com', '163.com', '126.com',
  'orange.fr', 'free.fr', 'laposte.net', 't-online.de', 'libero.it', 'seznam.cz', 'wp.pl', 'naver.com',
]);
