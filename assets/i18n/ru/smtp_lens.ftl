# Russian messages of smtp-lens. Every id of ../en/smtp_lens.ftl, with the same arguments;
# a message missing here is shown in English.
# Protocol words (EHLO, STARTTLS, RCPT TO, AUTH PLAIN), replies, addresses, host names and CLI
# flags stay as they are. The window-hint-* messages quote the window's controls in «ёлочки», by
# the Russian names chosen for the window (the security modes as security-* below).

## Reply classes (RFC 5321 4.2.1)

class-positive-preliminary = положительный предварительный
class-positive-completion = положительный завершающий
class-positive-intermediate = положительный промежуточный
class-transient-negative = временный отрицательный
class-permanent-negative = постоянный отрицательный
# The short form beside a reply: its first digit and the class.
class-tag = { $digit }xx { $class }

## Stages of a session

stage-connect = подключение
stage-greeting = приветствие
stage-ehlo = EHLO
stage-tls = TLS
stage-auth = AUTH
stage-mail = MAIL FROM
stage-rcpt = RCPT TO
stage-data = сообщение
stage-quit = QUIT

status-passed = успешно
status-partial = ЧАСТИЧНО
status-failed = ОШИБКА
status-skipped = пропущено

recipient-label = получатель
recipient-accepted = принят
recipient-refused = ОТКЛОНЁН
recipient-not-tried = не проверялся

## Why a stage ended the way it did

## What a reply answered (after "answering")

context-greeting = подключение
context-ehlo = EHLO
context-helo = HELO
context-starttls = STARTTLS
context-auth = AUTH
context-mail = MAIL FROM
context-rcpt = RCPT TO
context-data = DATA
context-end-of-data = конец передачи письма
context-bdat = BDAT
context-rset = RSET
context-quit = QUIT
context-unsolicited = команду, которой не было (сервер прислал ответ сам)

stage-detail-not-reached = до этапа не дошли
stage-detail-implicit-tls = неявный TLS
stage-detail-starttls = STARTTLS
stage-detail-starttls-overridden = STARTTLS; сертификат недействителен, но для этой проверки принят
stage-detail-implicit-tls-overridden = неявный TLS; сертификат недействителен, но для этой проверки принят
stage-detail-not-offered = сервер не предлагает
stage-detail-not-asked = не запрашивалось
stage-detail-no-auth = вход не запрашивался
stage-detail-refused = STARTTLS отклонён
stage-detail-recipients = { $total ->
        [one] принято { $accepted } из { $total } получателя
       *[other] принято { $accepted } из { $total } получателей
    }

## Verdicts

verdict-success = всё принято
verdict-invalid-input = неверные входные данные
verdict-connect-failed = не удалось подключиться
verdict-connection-lost = соединение разорвано
verdict-tls-failed = ошибка TLS
verdict-server-refused = сервер отказал в сеансе
verdict-auth-failed = ошибка аутентификации
verdict-sender-rejected = отправитель отклонён
verdict-some-recipients-rejected = часть получателей отклонена
verdict-all-recipients-rejected = все получатели отклонены
verdict-message-rejected = сообщение отклонено
verdict-protocol-error = ошибка протокола
verdict-timeout = истекло время ожидания
verdict-cancelled = отменено
verdict-passed = ПРОЙДЕНО
verdict-passed-overridden = ПРОЙДЕНО В ОБХОД ПРОВЕРКИ
verdict-with-override = { $verdict }, в обход проверки
verdict-failed = НЕ ПРОЙДЕНО

## Security modes

security-none = без TLS (открытый текст)
security-starttls = STARTTLS обязателен
security-starttls-optional = STARTTLS, если сервер предлагает
security-tls = неявный TLS

## What to do next

retry-none = ничего делать не нужно
retry-continue = сеанс продолжается
retry-later = повторите позже (временная ошибка)
retry-fix-first = сначала устраните причину, затем повторите
retry-do-not = не повторяйте в том же виде

## How a session ended

ending-stopped-connect = подключение установлено; остановлено по запросу
ending-stopped-greeting = приветствие получено; остановлено по запросу
ending-stopped-ehlo = EHLO принят; остановлено по запросу
ending-stopped-tls = TLS проверен; остановлено по запросу
ending-stopped-tls-plain = соединение проверено без TLS; остановлено перед AUTH по запросу
ending-stopped-auth = вход выполнен; остановлено по запросу
ending-stopped-mail = отправитель принят; остановлено по запросу
ending-stopped-send = сообщение отправлено; остановлено по запросу
ending-recipients-all = все получатели приняты; остановлено перед отправкой сообщения по запросу
ending-recipients-some = { $total ->
        [one] принято { $accepted } из { $total } получателя; остановлено перед отправкой сообщения по запросу
       *[other] принято { $accepted } из { $total } получателей; остановлено перед отправкой сообщения по запросу
    }
ending-message-all = сообщение принято для всех получателей
ending-message-all-queued = сообщение принято для всех получателей и поставлено в очередь с ID { $id }
ending-message-some = { $total ->
        [one] сообщение принято для { $accepted } из { $total } получателя
       *[other] сообщение принято для { $accepted } из { $total } получателей
    }
ending-message-some-queued = { $total ->
        [one] сообщение принято для { $accepted } из { $total } получателя и поставлено в очередь с ID { $id }
       *[other] сообщение принято для { $accepted } из { $total } получателей и поставлено в очередь с ID { $id }
    }
ending-refused-greeting = сервер отказал в сеансе уже в приветствии
ending-refused-ehlo = сервер отклонил EHLO
ending-refused-helo = сервер отклонил HELO
ending-refused-starttls = сервер отклонил STARTTLS
ending-refused-auth = сервер отклонил вход через { $mechanism }
ending-refused-auth-all = сервер отклонил вход через все испробованные механизмы: { $mechanisms }
ending-refused-mail = сервер отклонил отправителя
ending-refused-rcpt = сервер отклонил всех получателей
ending-refused-data = сервер отклонил DATA
ending-refused-message = сервер отклонил сообщение
ending-refused-other = сервер отклонил { $command }
ending-starttls-refused = STARTTLS отклонён
ending-too-large = сообщение слишком большое: { $size } кБ, а сервер принимает не более { $limit } кБ
ending-too-large-plain = сообщение слишком большое для сервера: { $size } кБ
ending-service-closing = сервер закрыл сеанс (421) в ответ на { $command } { $address }
ending-service-closing-plain = сервер закрыл сеанс (421) в ответ на { $command }

## What went wrong, other than a reply

problem-connect = не удалось подключиться: { $failure }
problem-tls = { $failure }
problem-io = { $failure }
problem-closed = сервер закрыл соединение, пока мы ждали { $awaited }
problem-timeout = истекло время ожидания { $awaited } ({ $seconds } с)
problem-timeout-silent = истекло время ожидания { $awaited } ({ $seconds } с; сервер ничего не прислал: если этот порт ждёт неявный TLS, как обычно порт 465, выберите неявный TLS)
problem-cancelled = отменено пользователем
problem-invalid = не запущено: { $error }
problem-command = не удалось отправить { $verb }: { $error }
problem-data = не удалось отправить сообщение: { $error }
problem-auth = { $error }
problem-reply = не удалось прочитать ответ сервера: { $error }
problem-starttls-not-offered = STARTTLS обязателен, но сервер его не предлагает
problem-no-result = сеанс завершился, не дав результата

awaited-greeting = приветствия сервера
awaited-end-of-data = ответа на конец сообщения
awaited-reply = ответа на { $command }
awaited-handshake = рукопожатия TLS
awaited-server = ответа сервера

## Failures of the transport, by cause; $detail is what the system or TLS library said

failure-name-not-found = не удаётся разрешить имя сервера ({ $detail }); проверьте, правильно ли оно написано, и DNS на этом компьютере
failure-name-not-found-plain = не удалось вовремя разрешить имя сервера; проверьте, правильно ли оно написано, и DNS на этом компьютере
failure-no-address = у имени сервера нет адреса; проверьте имя сервера
failure-connection-refused = в подключении отказано (этот порт никто не слушает или межсетевой экран отклоняет подключение; проверьте порт и режим защиты)
failure-connection-timeout = истекло время ожидания подключения
failure-connection-reset = соединение сброшено или оборвалось ({ $detail })
failure-connection-reset-plain = соединение сброшено или оборвалось
failure-port-blocked = нет ответа за { $seconds } с (пакеты может отбрасывать межсетевой экран; исходящий порт 25 часто заблокирован: попробуйте 587 или 465)
failure-wrong-mode-tls = сервер ответил по TLS там, где ожидалось приветствие открытым текстом: на этом порту неявный TLS; выберите неявный TLS (обычно порт 465)
failure-wrong-mode-plain = сервер прислал приветствие SMTP открытым текстом там, где ожидалось рукопожатие TLS: на этом порту обычный SMTP; выберите режим защиты starttls (или none)
failure-certificate = сертификат сервера недействителен: { $reason }; исправьте сертификат или, чтобы всё же продолжить проверку, разрешите недействительные сертификаты
failure-tls-protocol = ошибка рукопожатия TLS: нет общей версии TLS (этот клиент поддерживает TLS 1.2 и 1.3): { $detail }
failure-tls-protocol-plain = ошибка рукопожатия TLS: нет общей версии TLS (этот клиент поддерживает TLS 1.2 и 1.3)
failure-tls-handshake = ошибка рукопожатия TLS: { $detail }
failure-tls-handshake-plain = ошибка рукопожатия TLS
failure-tls-timeout = истекло время ожидания рукопожатия TLS
failure-key-too-weak = ключ сертификата сервера слишком слаб для современного TLS (RSA короче 2048 бит; нужен ключ RSA от 2048 бит или ECDSA); разрешение недействительных сертификатов тут не поможет
failure-tls-closed = сервер согласился на TLS, но закрыл соединение, не отправив ни байта рукопожатия: TLS на сервере настроен с ошибкой (например, сертификат или ключ отсутствует или не читается)
failure-other = { $detail }
failure-other-plain = ошибка соединения

## Notes of the session

note-ehlo-refused = EHLO отклонён с кодом { $code }; пробуем HELO (без расширений)
note-starttls-offered-not-used = сервер предлагает STARTTLS, но он не используется (режим защиты none)
note-starttls-not-offered = сервер не предлагает STARTTLS; продолжаем открытым текстом
note-starttls-refused = STARTTLS отклонён; продолжаем открытым текстом, как позволяет режим
note-token-refused = сервер отклонил токен доступа: статус { $status } ({ $meaning })
note-token-refused-scope = сервер отклонил токен доступа: статус { $status } ({ $meaning }); нужна область { $scope }
note-token-status-401 = токен недействителен, истёк или выдан для другой учётной записи
note-token-status-400 = запрос составлен неверно
note-token-status-403 = у токена нет нужного разрешения или области
note-token-status-other = см. документацию сервера
note-mechanism-not-offered = механизма { $mechanism } нет среди предложенных сервером; пробуем его всё равно, так как он задан явно
note-smtputf8-not-offered = SMTPUTF8 включён, но сервер его не предлагает
note-ascii-domain = { $address } отправляется как { $ascii }: это ASCII-форма домена (IDNA), для неё SMTPUTF8 не нужен
note-trying-next-mechanism = { $failed } отклонён; пробуем { $next }, его сервер тоже предлагает
note-trying-next-mechanism-plain = { $failed } отклонён; пробуем { $next }, его сервер тоже предлагает (соединение не зашифровано: пароль уходит как есть)
note-message-too-large = { $size ->
        [one] размер сообщения { $size } байт; сервер принимает не более { $limit }
        [few] размер сообщения { $size } байта; сервер принимает не более { $limit }
       *[many] размер сообщения { $size } байт; сервер принимает не более { $limit }
    }
note-eight-bit = в сообщении есть 8-битные байты, но 8BITMIME не используется
note-dsn-not-offered = DSN включён, но сервер его не предлагает
note-chunking-not-offered = BDAT включён, но сервер не предлагает CHUNKING; используем DATA
note-pipelining = PIPELINING: конверт отправляется одной группой
note-no-recipient = ни один получатель не принят: завершаем DATA без сообщения
note-unsolicited = сервер прислал ответ, которого никто не ждал; он показан, но не учитывается
note-bare-lf = сервер завершил строку ответа одиночным LF; RFC 5321 2.3.8 требует CRLF
note-follows-refused-mail = этот ответ лишь следствие отказа на MAIL ранее в той же конвейерной группе (RFC 2920 3.1); сам по себе он ничего не значит, а получатель считается непроверенным

## Our remarks in the transcript

remark-started = { $tool }: { $target }, режим защиты: { $security }
remark-resolving = разрешаем имя { $host }
remark-resolved = у { $host } { $count ->
        [one] { $count } адрес
        [few] { $count } адреса
       *[many] { $count } адресов
    }: { $addresses }
remark-trying = пробуем { $address }
remark-connected = подключились к { $peer } с адреса { $local }
remark-attempt-failed = { $address }: { $failure }
remark-handshake = рукопожатие TLS ({ $via })
remark-handshake-sni = рукопожатие TLS ({ $via }), SNI { $sni }
remark-tls-established = TLS установлен: { $protocol }, { $cipher }
remark-certificate = сертификат { $index }: { $summary }
remark-fingerprint = сертификат { $index } SHA-256 { $sha256 }
remark-certificate-verified = сертификат проверен: цепочка сертификатов доверенная, имя хоста совпадает
remark-certificate-accepted = сертификат НЕДЕЙСТВИТЕЛЕН ({ $code }): { $reason }; продолжаем только потому, что для этой проверки недействительные сертификаты разрешены
remark-injected = { $count ->
        [one] сервер прислал { $count } байт после своего 220 на STARTTLS и до рукопожатия (возможна инъекция команд, RFC 3207 5); отброшено: { $bytes }
        [few] сервер прислал { $count } байта после своего 220 на STARTTLS и до рукопожатия (возможна инъекция команд, RFC 3207 5); отброшено: { $bytes }
       *[many] сервер прислал { $count } байт после своего 220 на STARTTLS и до рукопожатия (возможна инъекция команд, RFC 3207 5); отброшено: { $bytes }
    }
elided-lines = [ещё { $lines ->
        [one] { $lines } строка
        [few] { $lines } строки
       *[many] { $lines } строк
    }, { $bytes ->
        [one] { $bytes } байт
        [few] { $bytes } байта
       *[many] { $bytes } байт
    }: отправлено, но не показано]
challenge-decoded = [декодировано: { $text }]
challenge-empty = (пустой запрос сервера)
challenge-binary = { $count ->
        [one] <{ $count } байт двоичных данных>
        [few] <{ $count } байта двоичных данных>
       *[many] <{ $count } байт двоичных данных>
    }
challenge-not-base64 = (не base64: { $text })

## TLS and certificates

tls-unknown-protocol = неизвестный протокол
tls-unknown-cipher = неизвестный шифр
tls-no-protocol = протокол не согласован
tls-no-cipher = набор шифров не согласован
tls-summary = TLS ({ $via }) { $state }: { $protocol }, { $cipher }, { $sni }
tls-state-established = установлен
tls-state-failed = НЕ УСТАНОВЛЕН
tls-sni = SNI { $sni }
tls-no-sni = без SNI (адрес)
tls-check = Проверка сертификата для { $name }: { $state } ({ $reason })
tls-check-accepted = Проверка сертификата для { $name }: { $state } ({ $reason }; всё равно принят, как и просили)
tls-cert-valid = действителен
tls-cert-invalid = НЕДЕЙСТВИТЕЛЕН
tls-error = Ошибка TLS: { $error }

cert-summary = { $subject }, издатель { $issuer }; { $left }; { $key }; { $names }
cert-expired-ago = истёк { $days } дн. назад
cert-days-left = осталось { $days } дн.
cert-validity-unknown = срок действия неизвестен
cert-no-names = нет альтернативных имён
cert-valid = цепочка сертификатов доверенная, имя хоста совпадает
cert-expired = срок действия сертификата истёк
cert-not-yet-valid = сертификат ещё не действует (проверьте часы на обоих компьютерах)
cert-self-signed = сертификат самоподписанный: его не подтверждает ни один доверенный центр сертификации
cert-unknown-issuer = сертификат выдан центром сертификации, которому эта система не доверяет, или сервер не прислал промежуточные сертификаты
cert-wrong-host = сертификат выдан для { $presented }, а подключение шло к { $expected }
cert-wrong-host-unknown = в сертификате нет имени хоста, к которому шло подключение
cert-no-name = (без имени)
cert-revoked = сертификат отозван
cert-bad-signature = подпись сертификата не проходит проверку
cert-weak-key = { $bits ->
        [one] длина его ключа RSA всего { $bits } бит, меньше 2048, которых сегодня требует TLS
        [few] длина его ключа RSA всего { $bits } бита, меньше 2048, которых сегодня требует TLS
       *[many] длина его ключа RSA всего { $bits } бит, меньше 2048, которых сегодня требует TLS
    }
cert-invalid = не удалось проверить сертификат: { $detail }

key-rsa = { $bits ->
        [one] RSA { $bits } бит
        [few] RSA { $bits } бита
       *[many] RSA { $bits } бит
    }
key-ecdsa = ECDSA P-{ $bits }
key-ed25519 = Ed25519
key-ed448 = Ed448
key-other = алгоритм ключа { $oid }

## Explanations of replies and failures

explain-meaning = Что это значит
explain-when = Когда встречается
explain-fixes = Как исправить
explain-retry = Повтор
explain-cause = Причина
explain-note = Примечание
explain-references = Ссылки
explain-code = код { $code }
explain-enhanced = расширенный код { $enhanced }
explain-answering = в ответ на { $context }
explain-from = сервис { $provider }
explain-class-meaning = Сервер дал { $class } ответ.
explain-note-class-mismatch = Расширенный код { $enhanced } относится к классу { $enhanced_class }, а основной код { $code } — к классу { $class }; RFC 3463 требует, чтобы классы совпадали. Что делать клиенту, решает основной код.
explain-note-enhanced-out-of-place = Расширенный код { $enhanced } говорит об адресе, почтовом ящике или сообщении, но этот ответ пришёл на { $context }, когда ничего из этого ещё не отправлялось: сервер выбрал код неудачно, поэтому объяснение опирается на основной код.
explain-note-non-standard = { $code } — нестандартный код ответа SMTP. { $likely }
explain-note-undefined = Код ответа { $code } не определён ни в одном RFC; его класс всё равно видно по первой цифре: { $class }.

## The verdict

report-success = Успех: { $summary }.
report-success-overridden = Пройдено только в обход проверки: { $summary }. { $overridden }
override-no-encryption = Сеанс шёл открытым текстом: сервер не предложил STARTTLS (или отказал в нём), а режим «STARTTLS, если сервер предлагает» разрешает продолжать без него. Всё отправленное прошло по сети без шифрования; выберите «STARTTLS обязателен», чтобы считать это ошибкой.
override-certificate = Сертификат сервера недействителен ({ $reason }); он принят только для этой проверки, а клиенты, которые проверяют сертификаты, его отклонят.
report-failure = { $verdict }: { $summary }.
report-server-said = Сервер ответил «{ $reply }» ({ $title }).
report-first-try = Сначала попробуйте: { $fix }
report-verdict = Итог
report-deciding-reply = Решающий ответ

## Exports and the command line

export-title = Отчёт о сеансе SMTP
export-started = Начало
export-tool = Инструмент
export-server = Сервер
export-helo = Имя в EHLO
export-auth = AUTH
export-auth-user = пользователь { $user }, механизм { $mechanism }, { $kind } не записывается
export-auth-chosen = выбран из предложенных сервером
export-auth-password = пароль
export-auth-token = токен OAuth
export-auth-not-asked = не запрашивался
export-sender = Отправитель конверта
export-recipients = Получатели
export-none = (нет)
export-stop-after = Остановиться после
export-certificates = Недействительные сертификаты
export-certificates-accepted = принимаются
export-certificates-refused = отклоняются
export-dsn = DSN
export-resolved = Разрешение имени
export-connected = Подключение
export-connected-value = { $peer } с адреса { $local }
export-settings = Настройки
export-tls = TLS
export-transcript = Журнал сеанса
export-transcript-columns = время UTC, +секунды от начала, задержка ответов
export-markers = Метки: -> отправлено, <- получено, ~> и <~ внутри TLS, === замечание, =!= предупреждение, *** ошибка. Секреты никогда не записываются.
export-written = сеанс записан в { $path }
# Under a refused reply in the command line's transcript.
reply-try = попробуйте: { $fix }

## What a line of the AUTH exchange holds (the secret itself is never shown)

aside-password-hidden = (пользователь { $user }, пароль скрыт)
aside-token-hidden = (пользователь { $user }, токен скрыт)
aside-digest-hidden = (пользователь { $user } и дайджест HMAC-MD5 скрыты)
aside-user-name = (имя пользователя { $user }, base64)
aside-acknowledges-error = (подтверждение ошибки)

## The window

window-running = Выполняется...
window-explain-hint = Щёлкните ответ в журнале сеанса: появится, что он значит и как исправить ошибку.
window-copy-explanation = Копировать ответ и объяснение
window-tls-card = TLS ({ $via }): { $protocol }, { $cipher }, { $certificate }
window-tls-card-failed = TLS ({ $via }): ошибка рукопожатия, { $certificate }
window-certificate-valid = сертификат действителен
window-certificate-invalid = сертификат НЕДЕЙСТВИТЕЛЕН ({ $code })
window-certificate-unchecked = сертификат не проверялся
window-accepted-invalid = Проверка продолжена, хотя сертификат недействителен: так разрешено в профиле.
window-override-not-enough = Профиль разрешает недействительный сертификат, но рукопожатие всё равно не удалось: это разрешение здесь не помогает.
export-ca-file = Дополнительный доверенный ЦС
export-timeout = Тайм-аут
export-timeout-value = { $seconds } с на каждый этап
# After a verdict decided by an invalid certificate, on the command line.
cli-hint-insecure = Чтобы всё же проверить остальную часть сеанса, добавьте --insecure (-k): недействительный сертификат будет принят, а найденная проблема всё равно будет показана.
cli-hint-ca-file = Если сервер использует частный ЦС, --ca-file PEM добавит его в доверенные на этот сеанс.
window-hint-insecure = Чтобы всё же проверить остальную часть сеанса, отметьте в разделе профиля «Параметры» флажок «Продолжать, даже если сертификат недействителен»; найденная проблема всё равно будет показана.
window-hint-ca-file = Если сервер использует частный ЦС, выберите его сертификат (PEM) в разделе профиля «Параметры».
cli-hint-starttls-port = В этой команде: с --security starttls порт остаётся прежним; для --security tls нужен порт неявного TLS (--server HOST:465).
window-hint-starttls-port = В разделе профиля «Сервер»: для этого порта выберите в поле «Защита» значение «STARTTLS обязателен» или выберите «неявный TLS» с портом 465.
cli-hint-tls-port = В этой команде: с --security tls порт остаётся прежним; для --security starttls нужен порт отправки (--server HOST:587).
window-hint-tls-port = В разделе профиля «Сервер»: для этого порта выберите в поле «Защита» значение «неявный TLS» или выберите «STARTTLS обязателен» с портом 587.
cli-hint-encrypt = В этой команде: --security starttls (порт 587) или --security tls (порт 465) включает шифрование сеанса до входа.
window-hint-encrypt = В разделе профиля «Сервер»: выберите в поле «Защита» значение «STARTTLS обязателен» (порт 587) или «неявный TLS» (порт 465).
cli-hint-login = В этой команде: --user NAME вместе с --password-env VAR (или --password-stdin) выполняет вход перед MAIL FROM.
window-hint-login = В разделе профиля «Вход»: отметьте «Выполнять вход (SMTP AUTH)» и укажите имя пользователя и пароль.
cli-hint-mechanism = В этой команде: --auth задаёт механизм (без него выбирается один из перечисленных сервером); --oauth отправляет секрет как токен OAuth, а его передают только XOAUTH2 и OAUTHBEARER: для пароля уберите --oauth.
window-hint-mechanism = В разделе профиля «Вход»: выберите в поле «Механизм» значение «автоматически» или один из механизмов, которые перечисляет сервер; если секрет — пароль, снимите флажок «Секрет — токен доступа OAuth 2.0».
cli-hint-silent-greeting = В этой команде: --security tls, если порт ждёт неявный TLS (как 465); --timeout SECONDS, если сервер задерживает приветствие.
window-hint-silent-greeting = В разделе профиля «Сервер»: выберите в поле «Защита» значение «неявный TLS», если порт его ждёт (как 465); если сервер задерживает приветствие, увеличьте «Тайм-аут на этап (с)» в разделе «Параметры».
cli-hint-timeout = В этой команде: --timeout SECONDS даёт каждому этапу больше времени.
window-hint-timeout = В разделе профиля «Параметры»: увеличьте «Тайм-аут на этап (с)».

## The test message (its default subject and body)

message-subject = Тестовое письмо smtp-lens { $time }
message-body-intro = Это тестовое письмо от { $tool }, отправлено { $time }.
message-body-settings = Использованные настройки:
message-setting-profile = профиль
message-setting-server = сервер
message-setting-security = режим защиты
message-setting-auth-user = пользователь AUTH
message-body-envelope = Конверт: MAIL FROM { $from }, RCPT TO { $to }.
message-body-outro = Если вы получили это письмо, почта с этого сервера в этот почтовый ящик доходит.

## Command-line help (clap's own texts, such as "Print help", stay as clap has them)

help-about = Проверка SMTP-серверов и отправка тестовых писем: каждая строка сеанса показана и объяснена
help-lang = Язык всего, что выводится (и окна): en или ru; по умолчанию язык системы (LC_ALL, LC_MESSAGES, LANG), а если это ни тот, ни другой — английский
help-exit-codes =
    Коды завершения:
        0    принято всё, что было запрошено
        1    внутренняя ошибка
        2    неверные аргументы (или значение, которое нельзя передать серверу)
        3    не удалось подключиться (имя не найдено, в подключении отказано, узел недоступен)
        4    ошибка TLS (STARTTLS не предложен или отклонён, ошибка рукопожатия, недействительный сертификат)
        5    ошибка аутентификации
        6    отправитель (MAIL FROM) отклонён
        7    часть получателей отклонена (остальные приняты)
        8    все получатели отклонены
        9    письмо отклонено (на DATA или в конце передачи письма)
        10   истекло время ожидания
        11   сервер отказал в сеансе (в приветствии или на EHLO), нарушил протокол или разорвал соединение
        130  отменено (Ctrl-C)
help-check-about = Провести один сеанс SMTP с сервером и вывести журнал сеанса и итог
help-check-server = Сервер: HOST, HOST:PORT или [IPv6]:PORT (порт по умолчанию зависит от --security)
help-check-security = Как защищено соединение: starttls (STARTTLS обязателен, по умолчанию порт 587), starttls-optional (STARTTLS, если сервер его предлагает, иначе открытый текст), tls (неявный TLS, по умолчанию порт 465), none (без TLS, по умолчанию порт 25)
help-check-helo = Имя в EHLO (по умолчанию — наш адрес в виде адресного литерала, например [192.0.2.1])
help-check-user = Войти под этим пользователем (AUTH); пароль берётся из --password-env или --password-stdin
help-check-password-env = Прочитать пароль (или токен OAuth) из этой переменной окружения
help-check-password-stdin = Прочитать пароль (или токен OAuth) из первой строки стандартного ввода
help-check-oauth = Секрет — токен доступа OAuth 2.0 (XOAUTH2 или OAUTHBEARER), а не пароль
help-check-auth = Использовать этот механизм AUTH, а не выбирать из предложенных сервером
help-check-from = Отправитель конверта (MAIL FROM); пустое значение — нулевой отправитель
help-check-to = Получатель конверта (RCPT TO); повторите, чтобы указать нескольких
help-check-stop-after = Где остановиться: после этого этапа сеанс завершается командой QUIT (при rcpt письмо не отправляется)
help-check-subject = Тема тестового письма
help-check-body = Текст тестового письма, простым текстом (по умолчанию — текст с названием инструмента, настройками и временем)
help-check-html-file = HTML-версия тестового письма, из этого файла
help-check-attach = Вложить этот файл; повторите, чтобы вложить несколько
help-check-header = Дополнительный заголовок, 'Name: value'; повторите, чтобы добавить несколько
help-check-timeout = Тайм-аут в секундах на каждый этап (подключение, приветствие, TLS, каждый ответ)
help-check-insecure = Продолжать, даже если сертификат сервера недействителен (найденная проблема всё равно будет показана)
help-check-ca-file = Доверять также сертификатам ЦС из этого PEM-файла
help-check-no-pipelining = Не использовать PIPELINING, даже если сервер его предлагает
help-check-bdat = Передавать письмо командой BDAT (CHUNKING), если сервер это предлагает
help-check-smtputf8 = Использовать SMTPUTF8, если сервер его предлагает (для адресов с символами не из ASCII)
help-check-dsn-notify = Запросить уведомления о статусе доставки (DSN): NEVER или SUCCESS,FAILURE,DELAY
help-check-dsn-ret = Что возвращать в DSN: FULL или HDRS
help-check-max-reply-line = Максимальная длина строки ответа сервера, в байтах
help-check-json = Выводить по одному объекту JSON на событие вместо журнала сеанса
help-check-no-times = Не выводить у строк время, смещение от начала сеанса и задержку ответа
help-check-output = Записать сеанс ещё и в этот файл, например для заявки (.txt, .html или .json)
help-check-format = Формат --output, если его не видно по расширению
help-check-color = Выделять ответы цветом по классу
help-explain-about = Объяснить ответ SMTP: его класс, что он значит, когда встречается и как исправить ошибку
help-explain-reply = Ответ, например "550 5.1.1 <x@example.com>: Recipient address rejected"; если указать "-" или ничего не указывать, ответ читается из стандартного ввода (так можно передать многострочный ответ)
help-explain-context = Команда, на которую дан ответ: greeting, ehlo, helo, starttls, auth, mail, rcpt, data, end-of-data, bdat, rset, quit
help-explain-json = Вывести объяснение в формате JSON
help-explain-color = Выделять ответ цветом по классу
help-completions-about = Вывести скрипт автодополнения для оболочки (bash, zsh, fish, powershell, elvish)
help-completions-shell = Оболочка, для которой нужен скрипт
help-man-about = Вывести страницу руководства (roff) в стандартный вывод
help-man-subcommand = Подкоманда, для которой нужна отдельная страница (например, check)

## Сравнение двух сеансов (smtp-lens compare)

compare-step-greeting = приветствие
compare-step-end-of-data = конец данных письма
compare-absent = (нет в этом сеансе)
compare-not-reached = не дошло
compare-tls-none = без TLS
compare-tls-failed = TLS не установлен
compare-tls-invalid = { $protocol } с недействительным сертификатом
compare-verdict = Итог: теперь «{ $after }» (было «{ $before }»)
compare-stage-now-passes = { $stage } теперь проходит (раньше — ошибка)
compare-stage-now-fails = { $stage } теперь не проходит (раньше проходил)
compare-stage = { $stage }: теперь { $after } (было { $before })
compare-capability-added = EHLO теперь предлагает { $capability }
compare-capability-removed = EHLO больше не предлагает { $capability }
compare-tls = TLS: теперь { $after } (было { $before })
compare-reply = { $step }: теперь { $after } вместо { $before }
compare-reply-new = { $step }: только во втором сеансе, { $after }
compare-reply-gone = { $step }: только в первом сеансе, { $before }
compare-reply-text = { $step }: тот же код, другие слова: теперь «{ $after }» (было «{ $before }»)
compare-same = В диалоге SMTP различий нет.
compare-heading = По шагам, первый сеанс ({ $before }); строка со * отличается, после -> — второй сеанс ({ $after }):
compare-masked = Время, задержки и все слова ответов, где есть цифры (ID в очереди, даты, ID сообщений), не сравниваются.
help-compare-about = Сравнить два сеанса (их экспорт в JSON, smtp-lens check -o ФАЙЛ.json): сначала сводка изменений, затем каждый шаг, выровненный по команде, на которую пришёл ответ. Код выхода 0 — различий нет, 1 — есть различия, 2 — файл не прочитать
help-compare-before = Сеанс до изменения: экспорт в JSON
help-compare-after = Сеанс после изменения: экспорт в JSON
help-compare-json = Вывести сравнение в JSON
compare-error-read = не удалось прочитать { $path }: { $error }
compare-error-parse = { $path } — не экспорт сеанса (его пишет smtp-lens check -o ФАЙЛ.json): { $error }
compare-only-after = Только во втором сеансе: { $steps }
compare-only-before = Только в первом сеансе: { $steps }

## The window's menus

menu-session = Сеанс
menu-cancel = Отмена (Esc)
menu-profiles = Профили
menu-import-profiles = Импортировать профили...
menu-export-profiles = Экспортировать профили (без паролей)...
menu-export = Экспорт
menu-export-html = Экспорт в HTML...
menu-export-text = Экспорт в текст...
menu-export-json = Экспорт в JSON...
menu-copy-text = Копировать как текст
menu-view = Вид
menu-show-profiles = Показывать список профилей
menu-show-editor = Показывать редактор профиля
menu-about = О программе
menu-compare = Сравнить сеансы... (Ctrl+D)

## The window's panels, messages and files

window-panel-profiles = Список профилей
window-panel-profiles-hint = Показать или свернуть список профилей (свёрнутый список отдаёт свою ширину журналу сеанса)
window-panel-editor = Редактор
window-panel-editor-hint = Показать или свернуть редактор профиля (свёрнутый редактор отдаёт свою ширину журналу сеанса)
window-profiles-heading = Профили
window-search-profiles = Поиск профилей
window-search-hint = имя или сервер
window-new = Создать
window-new-hint = Новый пустой профиль (Ctrl+N)
window-duplicate = Копировать
window-delete = Удалить
window-preset = Шаблон
window-preset-choose = Создать из шаблона...
window-no-name = (без имени)
window-no-profiles = Профилей пока нет: нажмите «Создать» или выберите шаблон.
window-sessions-heading = Сеансы (хранятся последние { $count })
window-session-entry = { $time }  { $title } ({ $verdict })
window-unfinished = не завершён
window-profile-copy = { $name } (копия)
window-no-session = Выберите профиль и действие: журнал сеанса появится здесь по ходу работы.
window-cancel = Отмена
window-close = Закрыть
window-replies-only = Только ответы
window-problems-only = Только проблемы
window-find = Найти
window-copy-visible = Копировать видимое
window-copy-all = Копировать всё
window-no-line-matches = Ни одна строка не подходит под фильтры.
window-clear-filters = Сбросить фильтры
window-transcript = Журнал сеанса (стрелки вверх и вниз выбирают строку, Enter открывает объяснение)
window-empty-line = (пустая строка)
window-explanation-heading = Выбранная строка
window-explanation-larger = Увеличить
window-explanation-smaller = Уменьшить
window-recipients-summary = { $total ->
        [one] { $total } получатель: принято { $accepted }, отклонено { $refused }
        [few] { $total } получателя: принято { $accepted }, отклонено { $refused }
       *[many] { $total } получателей: принято { $accepted }, отклонено { $refused }
    }{ $not_tried ->
        [0] {""}
       *[other] , не проверено { $not_tried }
    }
window-show-all-recipients = Показать всех получателей ({ $count })
window-show-refused-only = Показать только отклонённых получателей
window-dismiss = Скрыть
window-dismiss-hint = Убрать это сообщение с экрана (в журнале сообщений оно останется)
window-dismiss-all = Скрыть все
window-more-messages = и ещё { $count } в журнале сообщений
window-messages = Сообщения ({ $count })
window-log-title = Сообщения этого запуска (новые сверху, время UTC)
window-level-warning = Предупреждение:
window-level-error = Ошибка:
window-undo-delete = Отменить удаление
window-forget-deleted = Забыть
window-forget-deleted-hint = Забыть удалённый профиль и его пароль
window-deleted = Профиль «{ $name }» удалён. Его можно вернуть кнопкой «Отменить удаление».
window-restored = Профиль «{ $name }» восстановлен.
window-started = { $action }: начато.
window-finished = { $action }: готово, { $verdict }.
window-no-verdict = завершено без итога
window-cancelling = Отмена...
window-busy = Сеанс ещё идёт: сначала отмените его (Esc).
window-pick-profile = Сначала выберите или создайте профиль.
window-not-started = { $action }: { $error }
window-not-prepared = не удалось подготовить сеанс
window-copied = Журнал сеанса скопирован как текст.
window-export-nothing = Сначала проведите сеанс, затем экспортируйте его.
window-no-config-folder = В этой системе не найдена папка настроек: профили хранятся только до закрытия окна.
window-close-failed = при закрытии окна фоновый поток завершился с ошибкой
window-export-title = Экспорт журнала сеанса
window-export-profiles-title = Экспорт профилей
window-import-title = Импорт профилей
window-attach-title = Вложить файл
window-ca-file-title = Выбор дополнительного доверенного ЦС (PEM)
window-profiles-filter = Профили smtp-lens
window-what-transcript = журнал сеанса
window-what-profiles = профили (без паролей)
window-save-title = Сохранить: { $what }
window-no-dialog = На этом рабочем столе нельзя показать окно выбора файла: введите путь к файлу.
window-path-label = Путь к файлу
window-path-hint = /home/you/file
window-path-open = Импортировать
window-path-attach = Вложить
window-path-choose = Выбрать
window-path-save = Сохранить
window-path-replace = Заменить
window-path-exists = По этому пути уже есть файл. Замените его или введите другой путь.
window-path-empty = Сначала введите путь к файлу.
window-nothing-picked = Файл не выбран.
window-save-cancelled = Сохранение отменено: { $what }.
window-save-not-prepared = Не удалось подготовить к сохранению: { $what }.
window-saved = Сохранено ({ $what }): { $path }
window-not-saved = Не удалось сохранить ({ $what }) в { $path }: { $error }
window-profiles-merged = Другое окно smtp-lens изменило файл профилей: его профили { $names } сохранены и теперь есть и в этом списке.
window-profiles-not-saved = Не удалось сохранить профили в { $path }: { $error }
window-profiles-not-exported = Не удалось экспортировать профили: { $error }
window-imported = { $count ->
        [one] Импортирован { $count } профиль из { $path }.
        [few] Импортировано { $count } профиля из { $path }.
       *[many] Импортировано { $count } профилей из { $path }.
    }
window-not-a-profiles-file = { $path } не является файлом профилей, который может прочитать smtp-lens: { $error }
window-cannot-read = Не удалось прочитать { $path }: { $error }
window-too-large = { $bytes ->
        [few] { $path }: { $bytes } байта, слишком большой для файла профилей (не более 4 МиБ).
       *[many] { $path }: { $bytes } байт, слишком большой для файла профилей (не более 4 МиБ).
    }
window-history-not-saved = Не удалось сохранить историю сеансов в { $path }: { $error }
window-history-not-kept = Сеанс не удалось сохранить в истории: { $error }

## Comparing two sessions in the window

window-compare-heading = Сравнение двух сеансов
window-compare-first = Первый сеанс (до)
window-compare-second = Второй сеанс (после)
window-compare-choose = Выберите сеанс...
window-compare-no-sessions = Сеансов ещё нет: запустите сеанс или откройте экспортированный файл.
window-compare-from-file = Из файла...
window-compare-from-file-hint = Открыть сеанс, экспортированный в JSON («Экспорт > Экспорт в JSON...» или smtp-lens check -o ФАЙЛ.json)
window-compare-file = файл { $name }
window-compare-swap = Поменять местами
window-compare-close = Закрыть (Esc)
window-compare-pick-two = Выберите два сеанса для сравнения: из сеансов окна или из экспортированных файлов.
window-compare-summary = Что изменилось
window-compare-steps = По шагам
window-compare-step = Шаг
window-compare-marked = Строки со * отличаются.
window-tone-better = Лучше: { $change }
window-tone-worse = Хуже: { $change }
window-compare-with = Сравнить
window-compare-with-hint = Сравнить этот сеанс с показанным
window-compare-with-label = Сравнить { $entry } с показанным сеансом
window-compare-open-title = Открыть сеанс для сравнения
window-compare-filter = Сеанс smtp-lens (JSON)
window-path-compare = Открыть

## The profile editor

editor-no-profile = Профиль не выбран
editor-no-profile-hint = Создайте профиль кнопкой «Создать» (Ctrl+N) или начните с шаблона известного провайдера в списке профилей.
editor-no-profile-new = Новый профиль
editor-no-profile-presets = Показать список профилей и шаблоны
editor-heading = Профиль
editor-preset-note = Создан по шаблону { $preset }:
editor-name = Название профиля
editor-name-hint = например, Клиент X, отправка
editor-server-section = Сервер
editor-server = Сервер
editor-security = Защита
editor-port = Порт
editor-use-port = взять { $port }
editor-helo = Имя в HELO
editor-helo-hint = пусто: адрес этого компьютера
editor-login-section = Вход
editor-log-in = Выполнять вход (SMTP AUTH)
editor-user = Имя пользователя
editor-user-hint = часто это полный адрес
editor-oauth = Секрет — токен доступа OAuth 2.0
editor-password = Пароль
editor-token = Токен OAuth
editor-password-hint = хранится в системной связке ключей
editor-password-hint-memory = хранится в памяти только до закрытия: системной связки ключей нет
editor-mechanism = Механизм
editor-mechanism-automatic = автоматически
editor-sign-in-oauth = Вход через OAuth 2.0 (без пароля)
editor-oauth-provider = Провайдер
editor-oauth-provider-microsoft = Microsoft
editor-oauth-provider-google = Google
editor-oauth-provider-custom = Другой (адреса ниже)
editor-oauth-client-id = Идентификатор клиента
editor-oauth-client-id-hint = ваш, регистрируется один раз (README: Signing in with OAuth 2.0)
editor-oauth-tenant = Клиент (tenant)
editor-oauth-tenant-hint = common
editor-oauth-auth-url = Адрес авторизации
editor-oauth-token-url = Адрес выдачи токенов
editor-oauth-device-url = Адрес входа с устройства
editor-oauth-scopes = Области доступа
editor-oauth-scopes-hint = по умолчанию для провайдера
editor-oauth-flow = Способ входа
editor-oauth-flow-browser = В браузере
editor-oauth-flow-device = С кодом на другом устройстве
editor-oauth-client-secret = Секрет клиента
editor-sign-in-microsoft = Войти через Microsoft
editor-sign-in-google = Войти через Google
editor-sign-in = Войти
editor-sign-out = Выйти
editor-sign-in-cancel = Отменить вход
editor-sign-in-waiting = Ждём завершения входа…
editor-sign-in-url = Адрес для входа
editor-copy-url = Скопировать адрес
editor-not-signed-in = Вход ещё не выполнен.
editor-tokens-memory = Системной связки ключей нет. Токены хранятся только до закрытия.
editor-envelope-section = Конверт
editor-mail-from = Отправитель (MAIL FROM)
editor-rcpt-to = Получатели (RCPT TO)
editor-rcpt-to-hint = по одному адресу в строке
editor-message-section = Сообщение
editor-subject = Тема
editor-subject-hint = пусто: тестовая тема с датой
editor-text-body = Текст письма
editor-text-body-hint = пусто: текст о том, какой инструмент и профиль его отправили
editor-html-body = HTML-версия
editor-optional = необязательно
editor-headers = Дополнительные заголовки
editor-attachments = Вложения
editor-attachments-hint = по одному пути к файлу в строке
editor-add-attachment = Добавить вложение...
editor-options-section = Параметры
editor-timeout = Тайм-аут на этап (с)
editor-accept-invalid = Продолжать, даже если сертификат недействителен
editor-ca-file = Дополнительный доверенный ЦС (файл PEM)
editor-ca-file-hint = необязательно: собственный ЦС компании
editor-pick-ca-file = Выбрать файл ЦС...
editor-pipelining = PIPELINING (конверт одной группой)
editor-bdat = BDAT (CHUNKING) вместо DATA
editor-smtputf8 = SMTPUTF8 (международные адреса)
editor-dsn = Запрашивать уведомления о статусе доставки (DSN)

## The window's language menu and About box

menu-language = Язык
menu-theme-system = Как в системе
menu-theme-dark = Тёмная
menu-theme-light = Светлая
about-title = О программе smtp-lens
about-description = Проверка SMTP-серверов и отправка тестовых писем: журнал сеанса байт в байт, каждая строка объяснена
about-licence = Лицензия: { $licence }
about-secrets = Пароли и токены хранятся в системной связке ключей и никогда не записываются ни в файлы, ни в экспорт.
about-secrets-memory = Системной связки ключей нет: пароли и токены хранятся в памяти только до закрытия программы и никогда не записываются ни в файлы, ни в экспорт.
about-third-party = Лицензии сторонних компонентов
window-cannot-open = не удалось открыть окно: { $error }. Без графического дисплея используйте `smtp-lens check`.

## The four actions of the window

action-test-connection = Тест подключения
action-test-login = Тест входа
action-test-recipients = Тест получателей
action-send-test-message = Отправить письмо

## Presets: what the account needs for SMTP (the provider names are brands and stay)

preset-title-local-relay = Локальный ретранслятор (localhost:25)
preset-note-gmail = Вход через OAuth 2.0: укажите свой идентификатор и секрет клиента (README: Signing in with OAuth 2.0). Или пароль: пароль приложения (при двухэтапной аутентификации).
preset-note-microsoft-365 = Вход через OAuth 2.0: укажите идентификатор клиента, зарегистрированный в Microsoft Entra (README: Signing in with OAuth 2.0). Для ящика должна быть включена проверка подлинности SMTP.
preset-note-outlook = Вход через OAuth 2.0 (пароли отклоняются): укажите идентификатор клиента, зарегистрированный в Microsoft Entra (README: Signing in with OAuth 2.0).
preset-note-yahoo = Пароль: пароль приложения, созданный в настройках безопасности учётной записи Yahoo.
preset-note-icloud = Пароль: пароль приложения с сайта account.apple.com.
preset-note-fastmail = Пароль: пароль приложения из настроек Fastmail (Privacy & Security).
preset-note-zoho = Учётные записи в европейском центре обработки данных используют smtp.zoho.eu; при двухфакторной аутентификации нужен пароль приложения.
preset-note-sendgrid = Пользователь: слово apikey. Пароль: ключ API с разрешением Mail Send.
preset-note-mailgun = Пользователь и пароль: учётные данные SMTP домена отправителя; для доменов в ЕС — smtp.eu.mailgun.org.
preset-note-amazon-ses = Учётные данные SMTP из консоли SES для региона этого сервера; отправитель должен быть подтверждён.
preset-note-postmark = Пользователь и пароль: токен API сервера (в оба поля).
preset-note-brevo = Пользователь: логин из раздела SMTP & API; пароль: ключ SMTP.
preset-note-local-relay = Почтовый сервер на этом компьютере; обычно принимает почту с localhost без входа.

## A profile's fields that need the user

profile-need-name = Дайте профилю название.
profile-need-server = Укажите имя хоста или IP-адрес сервера, например smtp.example.com.
profile-port-in-server = Укажите здесь только имя хоста, а порт — в поле «Порт».
profile-need-user = Укажите имя пользователя для входа (часто это полный адрес электронной почты).
profile-need-client-id = Укажите идентификатор клиента, зарегистрированный у провайдера (см. README).
profile-need-sender = Укажите отправителя конверта (MAIL FROM), например you@example.com.
profile-need-recipients = Укажите хотя бы одного получателя, по одному в строке.
profile-attachment-unreadable = { $path }: файл не читается; удалите его или выберите заново
profile-ca-file-unreadable = { $path }: файл не читается; выберите сертификат ЦС (PEM) заново или очистите поле

## The profiles file

store-newer-version = файл записан более новой версией smtp-lens (версия файла { $version }, эта версия читает до { $supported })
store-cannot-read = Не удалось прочитать файл профилей { $path }: { $error }. Окно открыто без профилей; файл оставлен как есть.
store-kept-aside = Не удалось прочитать файл профилей { $path } ({ $reason }); он сохранён как { $aside }. Окно открыто без профилей: чтобы вернуть их, исправьте этот файл и откройте его через «Профили > Импортировать профили...».
store-not-moved = Не удалось прочитать файл профилей { $path } ({ $reason }); переименовать его не удалось ({ $error }), он оставлен как есть. Окно открыто без профилей: чтобы вернуть их, исправьте этот файл и откройте его через «Профили > Импортировать профили...».

## The session history file

history-other-format = в первой строке назван другой формат ({ $format })
history-bad-line = строку { $line } не удалось прочитать: { $error }
history-cannot-read = Не удалось прочитать историю сеансов { $path }: { $error }. Файл оставлен как есть, и сеансы этого запуска в него не добавляются.
history-kept-aside = Историю сеансов { $path } не удалось прочитать целиком ({ $reason }); она сохранена как { $aside }. { $count ->
        [one] Из неё прочитан { $count } сеанс.
        [few] Из неё прочитано { $count } сеанса.
        [many] Из неё прочитано { $count } сеансов.
       *[other] Из неё прочитано { $count } сеанса.
    } Экспортированный в JSON сеанс по-прежнему можно сравнить: «Сеанс > Сравнить сеансы...», затем «Из файла...».
history-not-moved = Историю сеансов { $path } не удалось прочитать целиком ({ $reason }); переименовать её не удалось ({ $error }), файл оставлен как есть, и сеансы этого запуска в него не добавляются. Экспортированный в JSON сеанс по-прежнему можно сравнить: «Сеанс > Сравнить сеансы...», затем «Из файла...».

## The system keychain

keychain-not-answering = Системная связка ключей не отвечает ({ $detail }); пароли хранятся в памяти только до закрытия окна.
keychain-unavailable = Системная связка ключей недоступна ({ $detail }); пароли хранятся в памяти только до закрытия окна.
keychain-refused = Связка ключей не приняла пароль ({ $detail }); он хранится в памяти только до закрытия окна.
keychain-cannot-read = не удалось прочитать пароль из связки ключей: { $detail }
keychain-cannot-delete = не удалось удалить пароль из связки ключей: { $detail }
keychain-poisoned = хранилище секретов повреждено

## Values that cannot be sent ($field is one of the field-* words)

field-server = сервер
field-helo = имя в HELO
field-sender = адрес отправителя
field-recipient = адрес получателя
field-auth-user = пользователь AUTH
field-auth-mechanism = механизм AUTH
field-auth-initial-response = начальный ответ AUTH
field-auth-response = ответ AUTH
field-parameter-name = имя параметра
field-parameter-value = значение параметра
field-header = заголовок
char-cr = символ возврата каретки (CR)
char-lf = символ перевода строки (LF)
char-nul = нулевой байт (NUL)
char-control = управляющий символ
length-rule-local-part = RFC 5321 4.5.3.1.1, локальная часть
length-rule-domain = RFC 5321 4.5.3.1.2
length-rule-path = RFC 5321 4.5.3.1.3, путь вместе с <>
command-forbidden-char = { $field }: в позиции { $position } стоит { $char }; удалите его (он досрочно завершил бы команду)
command-empty = { $field }: значение пустое; заполните его
command-too-long = { $len ->
        [one] { $field }: длина { $len } октет, больше предела { $limit } ({ $rule }); сократите значение
        [few] { $field }: длина { $len } октета, больше предела { $limit } ({ $rule }); сократите значение
       *[many] { $field }: длина { $len } октетов, больше предела { $limit } ({ $rule }); сократите значение
    }
command-invalid-address = { $field }: недопустимый адрес: { $reason }; пишите его как name@example.com
command-invalid-domain = { $field }: недопустимый домен: { $reason }; укажите имя хоста, например mail.example.com, или адресный литерал, например [192.0.2.1]
command-line-too-long = { $len ->
        [one] строка команды заняла бы { $len } октет, больше предела { $limit } (RFC 5321 4.5.3.1.4); используйте более короткие значения или меньше параметров
        [few] строка команды заняла бы { $len } октета, больше предела { $limit } (RFC 5321 4.5.3.1.4); используйте более короткие значения или меньше параметров
       *[many] строка команды заняла бы { $len } октетов, больше предела { $limit } (RFC 5321 4.5.3.1.4); используйте более короткие значения или меньше параметров
    }
command-non-ascii = { $field }: есть символы не из ASCII; включите SMTPUTF8 (сервер должен его предлагать) или используйте адрес в ASCII
malformed-unclosed-literal = адресный литерал должен заканчиваться символом ']'
malformed-bad-literal = [{ $text }] — не адрес IPv4 и не IPv6:адрес
malformed-empty-label = в нём есть пустая метка (две точки подряд или точка в начале)
malformed-long-label = метка "{ $text }" длиннее 63 октетов
malformed-hyphen-label = метка "{ $text }" начинается или заканчивается символом '-'
malformed-domain-char = символ '{ $text }' недопустим в домене
malformed-no-at = в нём нет '@' и домена после него
malformed-empty-local = часть до '@' пуста
malformed-unclosed-quote = локальная часть в кавычках должна заканчиваться символом '"'
malformed-local-char = символ '{ $text }' не может стоять до '@' без кавычек (<, >, пробелы и запятые в адрес не входят)
malformed-dots = точки до '@' не могут стоять в начале, в конце или подряд
malformed-domain = домен: { $reason }
malformed-keyword = в "{ $text }" есть символы, кроме букв, цифр и '-'
malformed-base64 = '{ $text }' — не символ base64
malformed-parameter-name = "{ $text }" может состоять только из букв, цифр и '-'
malformed-parameter-value = "{ $text }" должно состоять из печатных символов ASCII без пробелов и '='
data-line-too-long = { $len ->
        [one] длина строки { $line } сообщения — { $len } октет, больше допустимых 998 (RFC 5321 4.5.3.1.6); сообщение нужно перекодировать (quoted-printable или base64)
        [few] длина строки { $line } сообщения — { $len } октета, больше допустимых 998 (RFC 5321 4.5.3.1.6); сообщение нужно перекодировать (quoted-printable или base64)
       *[many] длина строки { $line } сообщения — { $len } октетов, больше допустимых 998 (RFC 5321 4.5.3.1.6); сообщение нужно перекодировать (quoted-printable или base64)
    }

## Why a session cannot be planned or started

plan-no-recipients = получатель не указан: добавьте хотя бы одного получателя (--to)
plan-no-message = нечего отправлять: задайте сообщение или остановитесь после RCPT (--stop-after rcpt)
plan-empty-secret = пароль или токен пуст: укажите его или уберите пользователя AUTH, чтобы пропустить вход
plan-stop-after-auth = запрошена остановка после AUTH, но пользователь AUTH не задан: укажите пользователя и пароль
target-empty = сервер не указан: укажите хост, например mail.example.com:587
target-invalid = сервер "{ $text }" указан неверно: { $reason }; пишите HOST, HOST:PORT или [IPv6]:PORT
target-unclosed-bracket = у открывающей '[' нет закрывающей ']'
target-after-bracket = лишний текст после ']': { $text }
target-port = '{ $text }' — не номер порта (от 1 до 65535)
tls-setup-ca-file = не удалось прочитать файл ЦС { $path }: { $reason }; нужен файл PEM с одним или несколькими сертификатами
tls-setup-no-certificate = не удалось прочитать файл ЦС { $path }: в нём нет сертификата PEM; нужен файл PEM с одним или несколькими сертификатами
tls-setup-config = не удалось настроить TLS: { $detail }
auth-none-offered = сейчас сервер не предлагает AUTH: возможно, он сначала ждёт STARTTLS, или это порт для приёма почты (25), а не для отправки (587 или 465)
auth-no-common-mechanism-token = сервер предлагает AUTH { $offered }, и ни один из них не принимает токен OAuth (smtp-lens передаёт его через { $usable }); если секрет — пароль, это не токен: отключите настройку OAuth
auth-no-common-mechanism-wants-token = сервер предлагает только AUTH { $offered }, а они передают токен OAuth, а не пароль: получите токен (настройка OAuth) или входите там, где провайдер принимает пароль приложения
auth-no-common-mechanism = сервер предлагает AUTH { $offered }, но ни один из них не подходит: с этим секретом smtp-lens умеет { $usable }
auth-unexpected-challenge = сервер прислал больше запросов (334), чем шагов у механизма (шаг { $step }); обмен прерван
auth-bad-challenge = не удаётся прочитать запрос сервера: { $detail }
reply-line-too-long = сервер прислал строку ответа длиннее { $limit } байт; похоже, это неисправный узел или не SMTP-сервер (увеличьте предел длины строки, если этот сервер известен такими строками)
reply-too-many-lines = сервер прислал ответ длиннее { $limit } строк; похоже, узел неисправен (увеличьте предел числа строк, если этот сервер известен такими ответами)
reply-malformed = сервер прислал строку, которая не является ответом SMTP: "{ $line }"; строка ответа начинается с кода от 100 до 599, за которым идёт пробел, дефис или конец строки (проверьте, что хост и порт принадлежат SMTP-серверу и не ждёт ли порт неявный TLS)
reply-code-changed = сервер сменил код ответа с { $first } на { $then } внутри одного многострочного ответа, а RFC 5321 4.2.1 это запрещает (это ошибка сервера, сообщите о ней его администратору)
message-bad-address = адрес в поле { $field } "{ $value }" недопустим: { $reason }; пишите его как name@example.com или "Name <name@example.com>"
message-bad-header = заголовок "{ $name }" нельзя использовать: { $reason }
message-char-cr = символ возврата каретки
message-char-lf = символ перевода строки
message-char-nul = нулевой байт
message-header-line-break = в его значении есть { $char } (внедрение заголовков); уберите переводы строк
message-header-name = имя заголовка состоит из печатных символов ASCII без пробелов и ':' (RFC 5322 2.2)
message-header-managed = он задаётся полями сообщения; используйте их
message-header-syntax = в заголовке "{ $line }" нет ':'; пишите его как 'Name: value'
message-attachment = не удалось прочитать вложение { $path }: { $error }; проверьте путь и права доступа
message-build = не удалось собрать сообщение: { $detail }
intent-port = порт должен быть от 1 до 65535 (587 для STARTTLS, 465 для TLS, 25 для ретрансляции)
intent-stop-after-auth = запрошена остановка после AUTH, но пользователь AUTH не задан: укажите пользователя и пароль
intent-no-recipients = получатель не указан: добавьте хотя бы одного получателя
intent-timeout = тайм-аут { $secs } с вне допустимого диапазона: укажите больше 0 и не больше 86400 секунд
intent-dsn-notify = значение DSN NOTIFY "{ $value }" недопустимо: используйте NEVER или любые из SUCCESS, FAILURE, DELAY (RFC 3461 4.1)
intent-dsn-ret = значение DSN RET "{ $value }" недопустимо: используйте FULL или HDRS (RFC 3461 4.3)
request-missing-password = нет пароля для { $user }: укажите его, чтобы войти, или не входите (без AUTH)
request-missing-token = нет токена OAuth для { $user }: укажите его, чтобы войти, или не входите (без AUTH)
request-html-file = не удалось прочитать HTML-версию { $path }; проверьте путь: { $error }

## What the command line says when it cannot go on

cli-password-env = переменная окружения { $var } не задана (или не в UTF-8); сначала экспортируйте в неё пароль
cli-password-stdin = не удалось прочитать пароль из стандартного ввода: { $error }
cli-no-password-source = для --user нужен пароль: укажите --password-env VAR или --password-stdin (пароль в командной строке увидят другие пользователи)
cli-password-without-user = пароль передан, но --user не указан: добавьте --user, чтобы войти
cli-timeout = --timeout { $secs } вне допустимого диапазона: укажите больше 0 и не больше 86400 секунд
cli-no-recipients = получатель не указан: добавьте хотя бы одного получателя (--to)
cli-no-runtime = не удалось запустить асинхронную среду выполнения: { $error }
cli-unknown-format = по расширению не понять формат { $path }; назовите файл .txt, .html или .json либо укажите --format
cli-cannot-write = не удалось записать { $path }: { $error }; проверьте, что папка существует и доступна для записи
cli-session-failed = задача сеанса завершилась с ошибкой: { $error }
cli-cannot-write-manual = не удалось вывести страницу руководства: { $error }
cli-cannot-read-stdin = не удалось прочитать ответ из стандартного ввода: { $error }
cli-unknown-context = неизвестный контекст "{ $context }"; используйте greeting, ehlo, helo, starttls, auth, mail, rcpt, data, end-of-data, bdat, rset или quit
cli-cannot-write-explanation = не удалось вывести объяснение: { $error }
pasted-empty = ответ не указан: передайте его аргументом, например "550 5.1.1 User unknown", или через стандартный ввод
pasted-incomplete = ответ неполный
pasted-not-a-reply = "{ $text }" — не ответ SMTP: ответ начинается с трёхзначного кода от 200 до 599 (RFC 5321 4.2), например 550
cli-unknown-language = smtp-lens не знает языка "{ $value }"; используйте один из: { $known }

## smtp-lens detect: работающие настройки, каждый MX, состояние DNS домена

help-detect-about = Найти настройки отправки, которые работают с этого компьютера (autoconfig, SRV, MX и догадки, все порты и режимы защиты), проверить каждый MX и DNS домена (SPF, DMARC, MTA-STS, TLSA, обратная зона). Код выхода 0, если найдена работающая настройка отправки, 3, если нет
help-detect-target = Адрес электронной почты или домен (проверяются его настройки, MX и DNS) либо имя хоста (проверяется только этот хост)
help-detect-ports = Порты для проверки через запятую
help-detect-dns-server = Отправлять все DNS-запросы на этот сервер, IP или IP:ПОРТ (по умолчанию — DNS-серверы системы)
help-detect-ca-file = Также доверять сертификатам УЦ из этого PEM-файла (для HTTPS-запросов и SMTP TLS)
help-detect-timeout = Тайм-аут в секундах для каждой фазы проверки, каждого DNS-запроса и каждого HTTPS-запроса
help-detect-parallel = Сколько проверок выполнять одновременно
help-detect-json = Вывести один JSON-объект с результатами (последняя строка стандартного вывода) вместо отчёта
help-detect-transcript = Также вывести протокол этой ячейки, ХОСТ:ПОРТ:РЕЖИМ (режим tls, starttls или none), или all; можно повторять
help-detect-output = Также записать отчёт в этот файл для заявки (.txt, .html или .json)
help-detect-format = Формат --output, если его не видно по расширению
help-detect-color = Раскрашивать результаты

detect-title = Отчёт smtp-lens detect
detect-target = Цель
detect-kind-domain = почтовый домен { $domain }
detect-kind-host = хост { $host }
detect-dns-server = DNS-сервер
detect-dns-system = DNS-серверы системы
detect-recommended = Рекомендуемые настройки
detect-recommended-value = { $host } порт { $port }, { $security } (источник: { $source })
detect-recommended-none = Работающая настройка отправки не найдена: ни один хост не ответил на порту 465 с TLS или на 587 либо 2525 со STARTTLS.
detect-autoconfig = Autoconfig
detect-autoconfig-found = найдено SMTP-серверов: { $count }
detect-autoconfig-parse = не файл clientConfig: { $detail }
detect-autoconfig-no-smtp = файл clientConfig без SMTP-сервера
detect-srv = SRV-записи
detect-srv-value = { $service } -> { $target } порт { $port } (приоритет { $priority }, вес { $weight })
detect-srv-none = нет
detect-candidates = Серверы-кандидаты
detect-candidate-value = { $host } ({ $source }): { $addresses }
detect-matrix = Порты и режимы защиты
detect-matrix-host = { $host } ({ $source })
detect-cell = { $port } { $security }: { $result }
detect-mx = MX-хосты
detect-mx-value = { $preference } { $host } [{ $addresses }]: { $result }
detect-mx-greeting = приветствие: { $text }
detect-mx-ehlo = EHLO: { $text }
detect-mx-starttls-offered = STARTTLS предлагается
detect-mx-starttls-not-offered = STARTTLS не предлагается
detect-mx-none = нет MX-хостов
detect-dns = Состояние DNS
detect-transcript = Протокол { $host } порт { $port }, { $security }
detect-fix = Исправление

detect-source-autoconfig = autoconfig
detect-source-srv = SRV
detect-source-mx = MX
detect-source-guess = догадка
detect-source-given = указанный хост

detect-mode-tls = неявный TLS
detect-mode-starttls = STARTTLS
detect-mode-none = открытый текст

detect-status-pass = ОК
detect-status-warn = ВНИМАНИЕ
detect-status-fail = ОШИБКА
detect-status-none = НЕТ

detect-result-works = работает
detect-result-works-tls = работает: { $protocol }, { $cipher }, сертификат действителен
detect-result-refused = отказ в подключении (на порту никто не слушает)
detect-result-timed-out = тайм-аут (нет ответа)
detect-result-timed-out-25 = тайм-аут: исходящий порт 25 часто блокируют провайдеры и облачные хостинги
detect-result-tls-failed = сбой TLS: { $reason }
detect-result-wrong-mode = неверный режим для этого порта
detect-result-starttls-not-offered = STARTTLS не предлагается
detect-result-rejected = сервер отказал ({ $code })
detect-result-no-address = нет адреса
detect-result-not-routable = только документационные адреса: не проверялся
detect-result-failed = сбой: { $reason }
detect-result-failed-unknown = сбой

detect-lookup-no-such-name = такого имени нет
detect-lookup-no-records = записи нет
detect-lookup-timeout = тайм-аут DNS-запроса
detect-lookup-failed = DNS-запрос не удался: { $detail }

detect-fetch-no-address = имя хоста не разрешается
detect-fetch-connect = нет подключения: { $detail }
detect-fetch-status = HTTP-статус { $status }
detect-fetch-too-large = больше 64 КиБ
detect-fetch-other = { $detail }

dns-mx-ok = MX: { $hosts }
dns-mx-missing = У домена нет MX-записи.
dns-mx-null = Домен публикует нулевой MX (MX 0 .).
dns-mx-no-address = У MX-хоста { $host } нет адреса.
dns-mx-lookup-failed = Запрос MX не удался: { $error }.
dns-spf-ok = { $record } (DNS-запросов: { $lookups } из 10; остальные: { $all })
dns-spf-missing = Нет TXT-записи, начинающейся с v=spf1.
dns-spf-multiple = SPF-записей: { $count }; допускается одна.
dns-spf-syntax = SPF-запись { $domain } не разбирается: { $record }
dns-spf-too-many-lookups = DNS-запросов: { $lookups }; предел — { $limit }.
dns-spf-void-lookups = Пустых запросов: { $count }; предел — { $limit }.
dns-spf-all-pass = +all пропускает любой хост: { $record }
dns-spf-all-neutral = Неперечисленные хосты нейтральны: { $record }
dns-spf-include-missing = У { $domain } нет SPF-записи.
dns-spf-lookup-failed = Запрос { $domain } не удался: { $error }.
dns-dmarc-ok = { $record } (политика { $policy })
dns-dmarc-missing = Нет DMARC-записи в _dmarc.
dns-dmarc-multiple = DMARC-записей: { $count }; допускается одна.
dns-dmarc-syntax = DMARC-запись не разбирается: { $record }
dns-dmarc-policy-none = { $record }
dns-dmarc-lookup-failed = Запрос DMARC не удался: { $error }.
dns-mta-sts-ok = Политика { $id } в режиме enforce, хранится { $max_age } с; все MX покрыты.
dns-mta-sts-missing = Нет TXT-записи _mta-sts.
dns-mta-sts-txt-syntax = Запись _mta-sts не разбирается: { $record }
dns-mta-sts-policy-unreachable = { $url }: { $error }
dns-mta-sts-policy-syntax = Ошибка в файле политики: { $line }
dns-mta-sts-testing = Политика в режиме testing.
dns-mta-sts-mode-none = Режим политики — none.
dns-mta-sts-mx-not-covered = Ни один шаблон mx политики не подходит к { $host }.
dns-tlsa-missing = { $host }: нет TLSA-записи в _25._tcp.
dns-tlsa-ok = { $host }: TLSA совпадает с сертификатом, подтверждена DNSSEC.
dns-tlsa-unvalidated = { $host }: TLSA есть ({ $matches }), но ответ не подтверждён DNSSEC.
dns-tlsa-mismatch = { $host }: ни одна TLSA-запись не совпадает с сертификатом.
dns-tlsa-not-compared = { $host }: TLSA есть; сертификат получить не удалось.
dns-ptr-ok = { $address } -> { $name } -> { $address }
dns-ptr-missing = У { $address } нет PTR-записи.
dns-ptr-not-confirmed = { $address } -> { $name }, а это имя не разрешается обратно в { $address }.
dns-ptr-not-checked = { $address } — адрес loopback или частный.

detect-tlsa-matches = совпадает с сертификатом
detect-tlsa-does-not-match = не совпадает с сертификатом
detect-tlsa-not-compared = сертификат не получен
detect-all-fail = отклоняются (-all)
detect-all-softfail = помечаются (~all)
detect-all-neutral = нейтральны (?all)
detect-all-pass = проходят (+all)
detect-all-missing = нейтральны (нет all)

## Why a detection cannot start (the window's Detect view; the command line says its own)

detect-error-empty = Нечего проверять: введите адрес почты, домен или имя хоста.
detect-error-bad-name = «{ $name }» — не имя домена и не имя хоста.
detect-error-resolver = Не удалось настроить DNS-резолвер: { $detail }
detect-error-https = Не удалось настроить HTTPS: { $detail }
detect-input-ports = «{ $text }» — не список портов. Укажите числа от 1 до 65535 через запятую.
detect-input-dns-server = «{ $text }» — не DNS-сервер. Укажите IP-адрес или IP:ПОРТ.
detect-input-timeout = «{ $text }» — не тайм-аут. Укажите секунды от 0,1 до 600.

## The window's Detect view

menu-detect = Подобрать настройки... (Ctrl+T)
window-detect-button = Подобрать настройки...
window-detect-button-hint = Найти хост, порт и защиту, которые работают для адреса или домена
window-detect-heading = Подбор настроек
window-detect-close = Закрыть (Esc)
window-detect-target = Адрес или хост
window-detect-target-hint = you@example.com или smtp.example.com
window-detect-ports = Порты
window-detect-ports-hint = 25, 465, 587, 2525
window-detect-dns-server = DNS-сервер
window-detect-dns-server-hint = системный или IP[:ПОРТ]
window-detect-ca-file = Доп. файл CA
window-detect-ca-file-hint = файл PEM (необязательно)
window-detect-timeout = Тайм-аут, секунд
window-detect-timeout-hint = 5
window-detect-start = Начать
window-detect-cancel = Отменить
window-detect-running = Проверяем { $target }: autoconfig, SRV, MX, все порты и режимы...
window-detect-intro = Введите адрес или домен: найдём настройки отправки, проверим каждый MX и записи DNS. Имя хоста — проверим только этот хост.
window-detect-save-profile = Сохранить как профиль
window-detect-save-profile-hint = Новый профиль с рекомендованными хостом, портом и защитой
window-detect-export = Экспорт отчёта:
window-detect-export-html = HTML...
window-detect-export-text = Текст...
window-detect-export-json = JSON...
window-detect-host-port = Хост и порт
window-detect-matrix-hint = Нажмите на ячейку, чтобы увидеть её протокол.
window-detect-no-transcript = Проверка не подключалась, протокола нет.
window-detect-seen-peer = Подключение к { $peer }
window-detect-dns-host = Это хост, а не почтовый домен: MX и записи DNS не проверяются.
window-detect-candidates = Серверы-кандидаты
window-detect-cancelled = Подбор отменён.
window-detect-finished = Подбор для { $target } завершён: { $recommended }
window-detect-not-started = Подбор не запущен: { $error }
window-detect-busy = Подбор уже идёт: дождитесь его или отмените.
window-detect-profile-name = { $host } (подобран)
window-detect-nothing-to-save = Нечего сохранять: рекомендованных настроек не найдено.
window-detect-nothing-to-export = Отчёта ещё нет: сначала запустите подбор.
window-detect-export-title = Экспорт отчёта о подборе
window-what-detect = отчёт о подборе
## OAuth 2.0 sign-in (src/oauth, worded by present::oauth)

oauth-step-open-browser = Войдите в открывшемся браузере. Если он не открылся, откройте этот адрес: { $url }
oauth-step-no-browser = Не удалось запустить браузер. Чтобы войти, откройте этот адрес: { $url }
oauth-step-device-code = Чтобы войти, откройте { $uri } на любом устройстве и введите код { $code } (действует { $minutes } мин).
oauth-step-using-stored = Используется сохранённый токен доступа. Он действует до { $until }.
oauth-step-using-stored-no-expiry = Используется сохранённый токен доступа.
oauth-step-refreshed = Токен доступа обновлён по сохранённому токену обновления.
oauth-step-signed-in = Вход выполнен.
oauth-tokens-memory = Системная связка ключей не отвечает ({ $detail }): токены хранятся только на время этого запуска, при следующем запуске нужно будет войти снова.
oauth-retry = Сервер отклонил токен доступа. Токен обновляется, попытка будет повторена один раз.
oauth-page-signed-in = Вход в smtp-lens выполнен. Эту вкладку можно закрыть.
oauth-page-failed = Войти не удалось. Причина показана в smtp-lens.
oauth-signed-out = Выход выполнен: токены { $account } ({ $provider }) удалены.
oauth-signed-in-until = Вход выполнен: { $account }. Токен действует до { $until }.
oauth-signed-in-no-expiry = Вход выполнен: { $account }.
oauth-window-sign-in-needed = Вход не выполнен. Нажмите «Войти» в настройках входа профиля.
oauth-window-refresh-refused = Сохранённый вход отклонён ({ $error }). Нажмите «Войти» в настройках входа профиля.
oauth-nothing-stored = Для { $account } ({ $provider }) ничего не сохранено. Удалять нечего.
oauth-error-bad-url = недопустимый адрес конечной точки: { $url }
oauth-error-not-https = конечная точка { $url } не использует HTTPS; токены передаются только по HTTPS (по HTTP — только на 127.0.0.1)
oauth-error-no-device = у этого провайдера нет входа с кодом устройства для почты: укажите --oauth-flow browser
oauth-error-listener = не удалось ждать ответ браузера на 127.0.0.1: { $detail }
oauth-error-denied = Во входе отказано ({ $error }). Войдите снова и разрешите доступ, который запрашивает smtp-lens.
oauth-error-denied-description = Во входе отказано ({ $error }: { $description }). Войдите снова и разрешите доступ, который запрашивает smtp-lens.
oauth-error-timed-out = Время входа истекло: браузер не ответил за { $secs } с. Войдите снова.
oauth-error-wrong-state = Ответ на вход пришёл с другим параметром state, поэтому он отклонён (возможно, он не от этого входа). Войдите снова.
oauth-error-cancelled = Вход отменён.
oauth-error-device-expired = Код устройства истёк до завершения входа. Войдите снова.
oauth-error-token-endpoint = Конечная точка токенов отклонила вход ({ $error }). Проверьте идентификатор клиента и его секрет, адрес перенаправления и области в регистрации приложения.
oauth-error-token-endpoint-description = Конечная точка токенов отклонила вход ({ $error }: { $description }). Проверьте идентификатор клиента и его секрет, адрес перенаправления и области в регистрации приложения.
oauth-error-refresh-refused = Токен обновления отклонён ({ $error }): он отозван или истёк. Войдите снова.
oauth-error-http = нет связи с конечной точкой токенов: { $detail }
oauth-error-bad-answer = не удалось прочитать ответ конечной точки токенов: { $detail }
oauth-error-sign-in-needed = Вход не выполнен, а войти некому. Войдите снова (запустите команду в терминале).
cli-oauth-client-secret-env = переменная окружения { $var } не задана (или не в UTF-8): сначала экспортируйте в неё секрет клиента
help-check-oauth-provider = Войти через OAuth 2.0 у этого провайдера и пройти вход с токеном (XOAUTH2 или OAUTHBEARER); токены хранятся в системной связке ключей
help-check-oauth-client-id = Идентификатор клиента из регистрации вашего приложения у провайдера (в smtp-lens встроенных нет; см. README)
help-check-oauth-client-secret-env = Прочитать секрет клиента (он есть у настольных клиентов Google) из этой переменной окружения
help-check-oauth-tenant = Microsoft: клиент (tenant) — домен или идентификатор; по умолчанию common
help-check-oauth-auth-url = Свой провайдер: конечная точка авторизации
help-check-oauth-token-url = Свой провайдер: конечная точка токенов
help-check-oauth-device-url = Свой провайдер: конечная точка авторизации устройства (RFC 8628)
help-check-oauth-scope = Запросить эту область вместо области провайдера по умолчанию; повторите для нескольких
help-check-oauth-flow = Как входить, если сохранённые токены не подходят: в браузере или по коду на другом устройстве
help-check-oauth-wait = Сколько секунд ждать завершения входа
help-oauth-about = Вход через OAuth 2.0: токены в системной связке ключей
help-sign-out-about = Удалить сохранённые токены одной учётной записи (если ничего не сохранено, это не ошибка)
help-sign-out-user = Учётная запись, под которой выполнен вход (почтовый адрес)
help-sign-out-oauth-provider = Провайдер, через который выполнен вход
help-sign-out-oauth-client-id = Идентификатор клиента, с которым выполнен вход
## smtp-lens bulk

help-bulk-about = Отправить много писем на один сервер сразу (нагрузочный тест): писем в секунду, задержка по командам, отказы по группам с объяснением. Только для своих серверов или с разрешения
help-bulk-server = Сервер: HOST, HOST:PORT или [IPv6]:PORT (порт по умолчанию зависит от --security)
help-bulk-security = Как защищено каждое соединение: starttls, starttls-optional, tls или none (как в check)
help-bulk-helo = Имя в EHLO (по умолчанию — наш адрес в виде литерала)
help-bulk-user = Входить под этим пользователем (AUTH) в каждом соединении; пароль берётся из --password-env или --password-stdin
help-bulk-password-env = Прочитать пароль из этой переменной окружения
help-bulk-password-stdin = Прочитать пароль из первой строки стандартного ввода
help-bulk-auth = Использовать этот механизм AUTH
help-bulk-from = Отправитель конверта (MAIL FROM)
help-bulk-to = Получатель конверта (RCPT TO); повторите, чтобы указать нескольких
help-bulk-subject = Тема тестового письма
help-bulk-body = Текст тестового письма, простым текстом
help-bulk-header = Дополнительный заголовок, 'Name: value'; повторите, чтобы добавить несколько
help-bulk-size = Сделать письмо такого размера в байтах (с заголовками); текст — заполнитель
help-bulk-connections = Сколько соединений открыто одновременно
help-bulk-messages = Сколько писем отправить всего (без этого — не больше 1000)
help-bulk-per-connection = Сколько писем отправить по одному соединению до QUIT
help-bulk-rate = Не больше стольких писем в секунду на весь прогон
help-bulk-duration = Не начинать новые сеансы через столько секунд (и не больше --messages)
help-bulk-timeout = Тайм-аут в секундах на каждый этап каждого сеанса
help-bulk-insecure = Продолжать, даже если сертификат сервера недействителен
help-bulk-ca-file = Доверять также сертификатам ЦС из этого PEM-файла
help-bulk-no-pipelining = Не использовать PIPELINING, даже если сервер его предлагает
help-bulk-bdat = Передавать письма командой BDAT (CHUNKING), если сервер это предлагает
help-bulk-load-test-permitted = Сервер принадлежит публичному провайдеру, и у вас есть письменное разрешение его оператора на нагрузку
help-bulk-json = Вывести итог одним объектом JSON

bulk-progress = отправлено { $sent }, принято { $accepted }, временных отказов (4xx) { $transient }, отказов (5xx) { $permanent }, сбоев без ответа { $errors }, писем/с { $rate }
bulk-progress-latency = конец данных p50/p95/p99 { $p50 } / { $p95 } / { $p99 } мс
bulk-summary-heading = Массовая отправка
bulk-totals = Попыток: { $sent } из { $planned }, сеансов: { $sessions }. Принято: { $accepted }. Временных отказов (4xx): { $transient }. Отказов (5xx): { $permanent }. Сбоев без ответа: { $errors }
bulk-rate = { $secs } с, писем в секунду: { $rate }
bulk-extensions = PIPELINING { $pipelining }, CHUNKING { $chunking }
bulk-used = использован
bulk-not-used = не использован
bulk-cancelled = Прервано: числа относятся к письмам, отправленным до этого
bulk-halted = Остановлено досрочно: сеанс не смог дойти до отправки письма, а принятых писем ещё не было, значит, остальные сеансы не прошли бы так же (а неверный пароль, повторённый много раз, может заблокировать учётную запись). Исправьте то, о чём говорит сбой ниже, и запустите снова
bulk-latency-heading = Задержка: p50 / p95 / p99 / максимум
bulk-latency-row = { $what }: { $p50 } / { $p95 } / { $p99 } / { $max } мс ({ $count })
bulk-latency-session = весь сеанс
bulk-latency-greeting = приветствие
bulk-latency-end-of-data = конец данных
bulk-refusals-heading = Отказы по ответам
bulk-refusal = { $count } × { $code } { $text } (на { $command })
bulk-errors-heading = Сбои без ответа сервера
bulk-error = { $count } × { $verdict }: { $cause }
bulk-all-accepted = Все письма приняты
bulk-nothing-sent = Ни одного письма не отправлено
bulk-most-frequent-failure = Приняты не все письма. Чаще всего: { $verdict }
bulk-first-failure = Первый неудачный сеанс:
bulk-cap-note = --messages не задан: прогон остановится после { $cap } писем, даже раньше конца --duration (чтобы отправить больше, задайте --messages)
bulk-out-of-time = Остановлено через { $secs } с (--duration): письма, до которых не дошла очередь, не отправлялись
bulk-public-provider = { $host } — сервер публичного провайдера ({ $provider }). Нагрузочный тест нарушает его условия, и аккаунт заблокируют. Поэтому bulk его не запускает. Если у вас есть письменное разрешение оператора, добавьте --load-test-permitted
bulk-at-least-one = { $option } должен быть не меньше 1
bulk-positive = { $option } должен быть положительным числом
bulk-too-large = { $option }: не больше { $max }

## The window's load-test view

menu-load = Нагрузочный тест... (Ctrl+L)
window-load-heading = Нагрузочный тест
window-load-close = Закрыть (Esc)
window-load-from-profile = Настройки из профиля { $profile }: имя EHLO, файл ЦС, тайм-аут и письмо; поля ниже задают остальное.
window-load-no-profile = Профиль не выбран: имя EHLO, тайм-аут и письмо — по умолчанию.
window-load-server = Сервер
window-load-server-hint = хост или хост:порт
window-load-security = Защита
window-load-login = Входить с именем пользователя и паролем профиля
window-load-connections = Соединения
window-load-connections-hint = 1
window-load-messages = Письма
window-load-messages-hint = { $cap } (предел)
window-load-per-connection = Писем на соединение
window-load-per-connection-hint = 1
window-load-size = Размер письма, байт
window-load-size-hint = письмо профиля
window-load-rate = Скорость, писем в секунду
window-load-rate-hint = так быстро, как принимает сервер
window-load-duration = Длительность, секунд
window-load-duration-hint = пока письма не отправлены
window-load-from = От
window-load-from-hint = sender@example.com
window-load-to = Кому
window-load-to-hint = один или несколько адресов через запятую
window-load-cap-note = Если число писем не указано, прогон остановится после { $cap }.
window-load-permitted = У меня есть письменное разрешение оператора нагружать этот сервер
window-load-start = Начать
window-load-cancel = Отменить
window-load-running = Идёт нагрузочный тест { $server }...
window-load-intro = Отправляет много писем на один сервер сразу, чтобы узнать, сколько писем в секунду он принимает и когда начинает отказывать. Только для своих серверов или с разрешения их оператора.
window-load-progress = { $sent } из { $planned } писем
window-load-plot-rate = Писем в секунду
window-load-plot-latency = Задержка ответов на письма, мс
window-load-plot-seconds = секунды
window-load-first-failure = Первый неудачный сеанс
window-load-finished = Нагрузочный тест { $server } завершён: принято { $accepted } из { $sent } писем, { $rate } в секунду.
window-load-cancelled = Нагрузочный тест отменён: итоги охватывают письма, отправленные до отмены.
window-load-not-started = Нагрузочный тест не запустился: { $error }
window-load-fix-fields = Нагрузочный тест не запустился: исправьте поля, отмеченные в окне.
window-load-busy = Нагрузочный тест уже идёт: дождитесь его или отмените.
window-load-not-a-number = «{ $text }» — не число
window-load-too-large = не больше { $max }
window-load-at-least-one = должно быть не меньше 1
window-load-positive = должно быть положительным числом
window-load-public-provider = { $host } — сервер публичного провайдера ({ $provider }). Нагрузочный тест нарушает его условия, и учётную запись заблокируют. Запускайте его только с письменного разрешения оператора и отметьте флажок ниже, что оно у вас есть.
