# Russian messages of smtp-lens. Every id of ../en/smtp_lens.ftl, with the same arguments;
# a message missing here is shown in English.

verdict-auth-failed = ошибка аутентификации
