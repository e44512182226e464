'use strict';

/**
 * Bitel REST API v2, SMS part (see docs/providers/bitel.md, SMS): the five send endpoints,
 * SMS Status and the SMS webhook. Used by BitelProvider, which routes /api/v2/sms/* here
 * after its own auth check, so dialects and fault injection apply as for calls.
 */

/** The SMS delivery status table (docs/providers/bitel.md) [C]. */
const SMS_STATUS_CODES = Object.freeze({
	WAITING: 0,
	DELIVERED: 1,
	CHECK_OK: 2,
	DELIVERY_FAILED: 4,
	BLACKLIST: 5,
	ERROR: 9,
	CHECK_ERROR: 10,
});

/** [I] Final status by the number's last digit; OTP skips BLACKLIST (delivered to DND numbers [C]). */
const SMS_OUTCOME_BY_LAST_DIGIT = Object.freeze([
	'DELIVERED',
	'DELIVERED',
	'DELIVERED',
	'DELIVERED',
	'DELIVERED',
	'DELIVERED',
	'CHECK_OK',
	'DELIVERY_FAILED',
	'BLACKLIST',
	'ERROR',
]);

/** SMS go to mobile numbers, national form 09… [I: the pages show only 0912… examples]. */
const MOBILE_RE = /^09\d{9}$/;
const MAX_BATCH = 100; // [C] "up to 100"
/** [I] Toman per part. */
const PRICE_PER_PART = 14;
const DEFAULT_GATEWAY = '10009909'; // the docs' sample [C]

const SMS_SEND_ENDPOINTS = Object.freeze({
	'/api/v2/sms/otp': 'otp',
	'/api/v2/sms/template': 'template',
	'/api/v2/sms/single': 'single',
	'/api/v2/sms/batch': 'batch',
	'/api/v2/sms/batch/p2p': 'p2p',
});
const SMS_STATUS_PATH_RE = /^\/api\/v2\/sms\/status\/([^/]+)$/;

const isAbsent = (value) => value === undefined || value === null;
const isText = (value) => typeof value === 'string' && value.trim() !== '';
/** OTP SMS `code`: a string [C], example "1234Ma" [C]; letters and digits, no spaces [I]. */
const isOtpCode = (value) => typeof value === 'string' && /^[\p{L}\p{N}]+$/u.test(value);

/** Parts as operators count them [I]: UCS-2 70/67, GSM 160/153. */
function partCount(message) {
	const length = [...message].length;
	const unicode = [...message].some((char) => char.codePointAt(0) > 0x7f);
	const [single, per] = unicode ? [70, 67] : [160, 153];
	return length <= single ? 1 : Math.ceil(length / per);
}

/**
 * The Template SMS page's codes [C] for a well-formed template request, against `templates`
 * (templateId -> { params, pending }), or null: any template when `templates` is null [I].
 */
function templateError(body, templates) {
	if (templates === null) return null;
	const template = templates[String(body.templateId)];
	if (!template) return 'InvalidTemplate';
	if (template.pending) return 'TemplatePending';
	// "usually the number of parameters is less than the variables" [C]; more is accepted [I].
	if (body.params.length < (template.params || 0)) return 'TemplateFormatError';
	return null;
}

/** Returns null or the error code for a send body. */
function validateSms(kind, body, gateways, templates = null) {
	const numbers = kind === 'batch' || kind === 'p2p' ? body.phoneNumbers : [body.phoneNumber];
	if (!Array.isArray(numbers) || numbers.length < 1 || numbers.length > MAX_BATCH)
		return 'InvalidRequest';
	if (!numbers.every((n) => typeof n === 'string' && MOBILE_RE.test(n))) return 'InvalidRequest';
	if (kind === 'otp' && !(isText(body.appName) && isOtpCode(body.code))) return 'InvalidRequest';
	if (kind === 'template') {
		if (!Number.isInteger(body.templateId)) return 'InvalidRequest';
		if (!Array.isArray(body.params) || !body.params.every((p) => typeof p === 'string'))
			return 'InvalidRequest';
	}
	if ((kind === 'single' || kind === 'batch') && !isText(body.message)) return 'InvalidRequest';
	if (kind === 'p2p') {
		const { messages } = body;
		if (!Array.isArray(messages) || messages.length !== numbers.length) return 'InvalidRequest';
		if (!messages.every(isText)) return 'InvalidRequest';
	}
	if (!isAbsent(body.gatewayNumber) && ['otp', 'template'].includes(kind)) return 'InvalidRequest';
	if (!isAbsent(body.gatewayNumber)) {
		if (typeof body.gatewayNumber !== 'string') return 'InvalidRequest';
		if (!gateways.has(body.gatewayNumber)) return 'InvalidGateway';
	}
	return kind === 'template' ? templateError(body, templates) : null;
}

/** The text each number of a request receives. */
function messagesOf(kind, body) {
	if (kind === 'otp') return [`به ${body.appName} خوش آمدید\nکد یکبار مصرف شما: ${body.code}`];
	if (kind === 'template') return [`template ${body.templateId}: ${body.params.join(', ')}`];
	if (kind === 'p2p') return body.messages;
	if (kind === 'batch') return body.phoneNumbers.map(() => body.message);
	return [body.message];
}

/** The send answer's record [C]: `status` a number, `statusText` its words. */
function sendRecord(sms) {
	return {
		id: sms.id,
		gatewayNumber: sms.gatewayNumber,
		phoneNumber: sms.phoneNumber,
		message: sms.message,
		requestDate: sms.requestDate,
		status: sms.statusCode,
		statusText: sms.statusCode === 0 ? 'Waiting' : sms.status,
		partCount: sms.partCount,
		price: sms.price,
	};
}

/** The SMS Status answer's record [C]: `status` a name, `statusCode` a number. */
function statusRecord(sms) {
	return {
		id: sms.id,
		message: sms.message,
		phoneNumber: sms.phoneNumber,
		requestDate: sms.requestDate,
		statusCode: sms.statusCode,
		status: sms.status,
		smsCount: sms.partCount,
		price: sms.price,
	};
}

module.exports = {
	SMS_STATUS_CODES,
	SMS_OUTCOME_BY_LAST_DIGIT,
	SMS_SEND_ENDPOINTS,
	SMS_STATUS_PATH_RE,
	PRICE_PER_PART,
	DEFAULT_GATEWAY,
	partCount,
	validateSms,
	messagesOf,
	sendRecord,
	statusRecord,
};
